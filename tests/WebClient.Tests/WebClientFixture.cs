using System.Reflection;

[assembly: AssemblyFixture(typeof(Parley.WebClient.Tests.WebClientFixture))]

namespace Parley.WebClient.Tests;

/// <summary>
/// One front-end and one headless Chromium for the whole assembly; every test uses its own users,
/// rooms and browser contexts. The browser is the machine's Chromium: Playwright never downloads one.
/// </summary>
public sealed class WebClientFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;

    /// <summary>
    /// A front-end with its co-hosted silo (memory storage) serving the web client from its source
    /// folder, as <c>dotnet run</c> does.
    /// </summary>
    public ParleyServer Server { get; private set; } = null!;

    public static string WebRoot { get; } = typeof(WebClientFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ParleyWebRoot").Value!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run `apt-get install -y chromium` (scripts/test.sh does).");
        }

        SetDefaultExpectTimeout(15_000);
        Server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["webroot"] = WebRoot });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh browser profile (its own storage, so its own session) of the given size and colour scheme.</summary>
    public Task<IBrowserContext> NewContextAsync(ViewportSize viewport, ColorScheme colorScheme = ColorScheme.Light) =>
        Browser.NewContextAsync(new() { BaseURL = Server.BaseUrl.ToString(), ViewportSize = viewport, DeviceScaleFactor = 1, ColorScheme = colorScheme });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
