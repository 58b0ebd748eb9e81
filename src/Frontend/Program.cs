using Parley.Frontend.Hosting;
using Parley.Frontend.Services;
using Parley.Hosting;

if (args is [ServiceKeyCommand.Name, .. var rest])
{
    return ServiceKeyCommand.Run(rest);
}

await FrontendApp.Build(args, builder => builder.AddShutdownDeadline()).RunAsync();
return 0;

/// <summary>Entry point; see <see cref="FrontendApp"/> for what the process is made of.</summary>
public partial class Program;
