using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Parley.Frontend.Hosting;

/// <summary>
/// Which reverse proxies may tell Parley the client's address (<c>X-Forwarded-For</c>) and
/// scheme. Section <c>Parley:ForwardedHeaders</c>. Empty (default): the headers are ignored, so
/// nobody can pick the address that budgets and rate limits are kept under.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Parley:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

internal static class ForwardedHeadersSetup
{
    public static WebApplication UseParleyForwardedHeaders(this WebApplication app)
    {
        var settings = app.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        if (!settings.IsConfigured)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
