namespace Parley.WebClient.Tests;

/// <summary>Screenshots kept as test artifacts in TestResults/screenshots of the test output.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        return page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}.png") });
    }
}
