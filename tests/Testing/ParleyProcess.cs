using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Parley.Testing;

/// <summary>
/// A Parley process of its own, started from the solution's build output exactly as an operator
/// runs it (<c>dotnet Parley.Silo.dll</c> or <c>dotnet Parley.Frontend.dll</c>), so a test can
/// SIGKILL it like a crashed machine or SIGTERM it like an orchestrator. The PID is the server's
/// own, never a <c>dotnet run</c> wrapper's.
/// </summary>
public sealed class ParleyProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ParleyProcess(Process process, int siloPort, int gatewayPort, Uri? baseUrl)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The HTTP endpoint of a front-end (null for a silo).</summary>
    public Uri? BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>The DDP WebSocket endpoint of a front-end.</summary>
    public Uri DdpUrl => new($"ws://{BaseUrl!.Authority}/websocket");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A silo (<c>src/Silo</c>) joining the cluster in <paramref name="connectionString"/>'s membership table.</summary>
    public static ParleyProcess StartSilo(string connectionString, IDictionary<string, string>? settings = null, int? siloPort = null, int? gatewayPort = null) =>
        Start("Silo", connectionString, settings, siloPort ?? FreePort.Next(), gatewayPort ?? FreePort.Next(), httpPort: null);

    /// <summary>A front-end with a co-hosted silo (<c>Parley:Role=Combined</c>, the default).</summary>
    public static ParleyProcess StartCombined(string connectionString, IDictionary<string, string>? settings = null, int? siloPort = null, int? gatewayPort = null, int? httpPort = null) =>
        Start("Frontend", connectionString, settings, siloPort ?? FreePort.Next(), gatewayPort ?? FreePort.Next(), httpPort ?? FreePort.Next());

    /// <summary>A client-only front-end of the silos in <paramref name="connectionString"/>'s membership table.</summary>
    public static ParleyProcess StartFrontend(string connectionString, IDictionary<string, string>? settings = null)
    {
        var withRole = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Parley:Role"] = "Frontend" };
        return Start("Frontend", connectionString, withRole, 0, 0, FreePort.Next());
    }

    /// <summary>Polls <c>/readyz</c> until it answers 200; the time that took.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan within, CancellationToken cancellationToken = default)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The process exited with {ExitCode} before it was ready. Output:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return waited.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Kestrel is not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (waited.Elapsed > within)
            {
                throw new TimeoutException($"Not ready within {within}. Output:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no goodbye to the cluster, as when a machine dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM, what an orchestrator sends to stop a process gracefully.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to end; false if it is still running after <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Http.Dispose();
    }

    private static ParleyProcess Start(string project, string connectionString, IDictionary<string, string>? settings, int siloPort, int gatewayPort, int? httpPort)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuildOutput(project, out var contentRoot));
        if (httpPort is { } port)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
            start.ArgumentList.Add("--contentRoot");
            start.ArgumentList.Add(contentRoot);
        }

        start.Environment["ConnectionStrings__Parley"] = connectionString;
        start.Environment["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {project}.");
        var started = new ParleyProcess(process, siloPort, gatewayPort, httpPort is { } p ? new Uri($"http://127.0.0.1:{p}") : null);
        process.OutputDataReceived += (_, line) => started.Append(line.Data);
        process.ErrorDataReceived += (_, line) => started.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>src/<paramref name="project"/>'s build output for the configuration the tests were built with.</summary>
    private static string BuildOutput(string project, out string projectDirectory)
    {
        var testOutput = AppContext.BaseDirectory;
        var configuration = testOutput.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.sln")))
        {
            root = root.Parent;
        }

        projectDirectory = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Repository root not found."), "src", project);
        var assembly = Path.Combine(projectDirectory, "bin", configuration, "net10.0", $"Parley.{project}.dll");
        return File.Exists(assembly) ? assembly : throw new InvalidOperationException($"Build src/{project} first: {assembly} is missing.");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
