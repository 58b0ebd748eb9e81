using Parley.Hosting;

namespace Parley.Frontend.Hosting;

/// <summary>A Parley front-end: the cluster role from configuration, then the client-facing protocols.</summary>
public static class FrontendApp
{
    /// <param name="args">Command-line arguments; configuration keys as <c>--Section:Key=value</c>.</param>
    /// <param name="configure">Last-minute service changes, for tests (e.g. a fake clock).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var cluster = builder.AddParleyCluster();
        builder.AddParleyFrontend();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseParleyFrontend();
        app.MapParleyEndpoints(cluster);
        return app;
    }
}
