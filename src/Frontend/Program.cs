using Parley.Frontend.Hosting;
using Parley.Hosting;

await FrontendApp.Build(args, builder => builder.AddShutdownDeadline()).RunAsync();

/// <summary>Entry point; see <see cref="FrontendApp"/> for what the process is made of.</summary>
public partial class Program;
