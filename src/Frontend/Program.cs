using Parley.Frontend.Hosting;

await FrontendApp.Build(args).RunAsync();

/// <summary>Entry point; see <see cref="FrontendApp"/> for what the process is made of.</summary>
public partial class Program;
