using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Parley.Frontend.Hosting;

namespace Parley.WebClient.Tests;

/// <summary>
/// A real Parley front-end with its co-hosted silo (dev mode, memory storage) on Kestrel at
/// 127.0.0.1 with free ports, serving the web client from its source folder as <c>dotnet run</c> does.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebServer(WebApplication app)
    {
        _app = app;
        BaseUrl = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public static string WebRoot { get; } = typeof(WebServer).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ParleyWebRoot").Value!;

    public static async Task<WebServer> StartAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["webroot"] = WebRoot,
            ["Parley:Storage"] = "Memory",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orleans:Endpoints:SiloPort"] = FreePort(),
            ["Orleans:Endpoints:GatewayPort"] = FreePort(),
            ["Parley:Accounts:PasswordIterations"] = "1000",
            ["Parley:RateLimits:AuthPermitsPerMinute"] = "100000",
            ["Parley:RateLimits:SendsPerSecond"] = "100000",
            ["Parley:RateLimits:SendBurst"] = "100000",
        };
        string[] args = ["--urls", "http://127.0.0.1:0", .. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
        var app = FrontendApp.Build(args);
        await app.StartAsync();
        return new WebServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
