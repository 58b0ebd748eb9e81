using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Parley.Ddp.Tests;

/// <summary>
/// Runs the node scripts under <c>js/</c>, which use real DDP client libraries from npm
/// (simpleddp with ws, and ddp), installing them with <c>npm ci</c> first when
/// <c>scripts/test.sh</c> has not.
/// </summary>
internal static class JsClients
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string Directory { get; } = typeof(JsClients).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "JsClientsDirectory").Value!;

    /// <summary>Runs <paramref name="script"/> with one JSON argument; returns its exit code and the last JSON line it printed.</summary>
    public static async Task<(int ExitCode, JsonElement Report, string Output)> RunAsync(string script, object input, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        var (exitCode, stdout, stderr) = await RunProcessAsync("node", [script, JsonSerializer.Serialize(input)], timeout);
        var lastLine = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "{}";
        return (exitCode, JsonSerializer.Deserialize<JsonElement>(lastLine), $"{stdout}\n{stderr}");
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "simpleddp")))
            {
                return;
            }

            var (exitCode, stdout, stderr) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, $"npm ci failed:\n{stdout}\n{stderr}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string fileName, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
