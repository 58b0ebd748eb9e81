using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Parley.Frontend.Hosting;
using Parley.Frontend.Realtime;

namespace Parley.Testing;

/// <summary>A real Parley front-end on Kestrel, 127.0.0.1, free ports, memory storage.</summary>
public sealed class ParleyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ParleyServer(WebApplication app, int gatewayPort)
    {
        _app = app;
        GatewayPort = gatewayPort;
        BaseUrl = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>The co-hosted silo's gateway (0 for a client-only front-end).</summary>
    public int GatewayPort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A front-end with its own co-hosted silo (dev mode with memory storage).</summary>
    public static Task<ParleyServer> StartCombinedAsync(IDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var gatewayPort = FreePort.Next();
        var all = new Dictionary<string, string>
        {
            ["Parley:Storage"] = "Memory",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Parley:Accounts:PasswordIterations"] = "1000",
            ["Parley:RateLimits:AuthPermitsPerMinute"] = "100000",
            ["Parley:RateLimits:SendsPerSecond"] = "100000",
            ["Parley:RateLimits:SendBurst"] = "100000",
            ["Parley:Users:RoomCreationsPerMinute"] = "100000",
            ["Parley:Users:MaxRoomsCreated"] = "100000",
        };
        Merge(all, new Dictionary<string, string>(TestServiceKeys.Settings));
        Merge(all, settings);
        return StartAsync(all, gatewayPort, configure);
    }

    /// <summary>A client-only front-end (<c>Parley:Role=Frontend</c>) of the silo co-hosted by <paramref name="siloHost"/>.</summary>
    public static Task<ParleyServer> StartClientOfAsync(ParleyServer siloHost, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Orleans:Endpoints:GatewayPort"] = siloHost.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Merge(all, settings);
        return StartClientAsync(all);
    }

    /// <summary>A client-only front-end (<c>Parley:Role=Frontend</c>); with a connection string it finds silos in the membership table.</summary>
    public static Task<ParleyServer> StartClientAsync(IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Parley:Role"] = "Frontend",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Parley:RateLimits:AuthPermitsPerMinute"] = "100000",
            ["Parley:RateLimits:SendsPerSecond"] = "100000",
            ["Parley:RateLimits:SendBurst"] = "100000",
        };
        Merge(all, new Dictionary<string, string>(TestServiceKeys.Settings));
        Merge(all, settings);
        return StartAsync(all, 0, null);
    }

    /// <summary>What the <c>parley_connections</c> gauge reports for this front-end alone.</summary>
    public int ConnectionCount => Services.GetRequiredService<ConnectionRegistry>().Count;

    /// <summary>What the <c>parley_presence_online</c> gauge reports for this front-end alone.</summary>
    public int OnlineCount => Services.GetRequiredService<RoomFeeds>().OnlineCount;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<ParleyServer> StartAsync(Dictionary<string, string> settings, int gatewayPort, Action<WebApplicationBuilder>? configure)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", .. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
        var app = FrontendApp.Build(args, configure);
        await app.StartAsync();
        return new ParleyServer(app, gatewayPort);
    }

    private static void Merge(Dictionary<string, string> into, IDictionary<string, string>? from)
    {
        foreach (var (key, value) in from ?? new Dictionary<string, string>())
        {
            into[key] = value;
        }
    }
}
