namespace Parley.Frontend.Hosting;

/// <summary>The web client in <c>wwwroot</c>: <c>index.html</c> at <c>/</c>, its modules, styles and the SignalR bundle.</summary>
internal static class WebClientExtensions
{
    public static WebApplication UseParleyWebClient(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The modules are not fingerprinted: revalidating (cheap, by ETag) means a browser never
            // mixes files of two versions after an upgrade.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
