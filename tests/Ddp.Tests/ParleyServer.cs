using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Parley.Frontend.Hosting;

namespace Parley.Ddp.Tests;

/// <summary>A real Parley front-end on Kestrel, 127.0.0.1, free ports, memory storage (as in Frontend.Tests).</summary>
public sealed class ParleyServer : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Generous = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Parley:RateLimits:AuthPermitsPerMinute"] = "100000",
        ["Parley:RateLimits:SendsPerSecond"] = "100000",
        ["Parley:RateLimits:SendBurst"] = "100000",
    };

    private readonly WebApplication _app;

    private ParleyServer(WebApplication app, int gatewayPort)
    {
        _app = app;
        GatewayPort = gatewayPort;
        BaseUrl = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public Uri BaseUrl { get; }

    /// <summary>Where DDP clients connect: <c>ws://127.0.0.1:port/websocket</c>.</summary>
    public Uri DdpUrl => new($"ws://{BaseUrl.Authority}/websocket");

    public HttpClient Http { get; }

    public int GatewayPort { get; }

    /// <summary>A front-end with its own co-hosted silo (dev mode with memory storage).</summary>
    public static Task<ParleyServer> StartCombinedAsync()
    {
        var gatewayPort = FreePort();
        var settings = new Dictionary<string, string>(Generous)
        {
            ["Parley:Storage"] = "Memory",
            ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Parley:Accounts:PasswordIterations"] = "1000",
        };
        return StartAsync(settings, gatewayPort);
    }

    /// <summary>A client-only front-end (<c>Parley:Role=Frontend</c>) of the silo co-hosted by <paramref name="siloHost"/>.</summary>
    public static Task<ParleyServer> StartClientOfAsync(ParleyServer siloHost, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(Generous)
        {
            ["Parley:Role"] = "Frontend",
            ["Orleans:Endpoints:GatewayPort"] = siloHost.GatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return StartAsync(all, 0);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<ParleyServer> StartAsync(Dictionary<string, string> settings, int gatewayPort)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", .. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
        var app = FrontendApp.Build(args);
        await app.StartAsync();
        return new ParleyServer(app, gatewayPort);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
