using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Parley.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 server in a temporary folder, listening on a free port of 127.0.0.1.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";
    private const int StartAttempts = 3;

    // initdb refuses to run as root, so as root every server command runs as the postgres user.
    private static readonly bool RunAsServiceUser = Environment.UserName == "root";

    private readonly string _root;
    private readonly List<string> _databases = [];
    private readonly Lock _gate = new();
    private int _disposed;

    private PostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The cluster's data folder.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The server log, worth printing when a test fails.</summary>
    public string LogFile => Path.Combine(_root, "postgres.log");

    private string ServerOptions => $"-p {Port} -k {_root} -c listen_addresses={IPAddress.Loopback} -c max_connections=300";

    /// <summary>Creates a fresh cluster with initdb and starts it; takes well under a second.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 binaries not found in {BinDirectory}.");
        }

        var root = Path.Combine(Path.GetTempPath(), "parley-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            await GiveToServiceUserAsync(root, ct);
            var server = new PostgresServer(root, port: 0);
            await server.RunToolAsync("initdb",
                ["-D", server.DataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
                ct);

            for (var attempt = 1; ; attempt++)
            {
                // Another process may grab the port between probing and binding it; try a new one then.
                server = new PostgresServer(root, FreeLoopbackPort());
                if (await server.TryStartAsync(ct))
                {
                    return server;
                }

                if (attempt == StartAttempts)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL did not start in {root} after {StartAttempts} attempts. Server log:{Environment.NewLine}{server.ReadLog()}");
                }
            }
        }
        catch
        {
            DeleteDirectory(root);
            throw;
        }
    }

    /// <summary>Creates a database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionString("postgres")))
        await using (var command = dataSource.CreateCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        var connectionString = ConnectionString(name);
        lock (_gate)
        {
            _databases.Add(connectionString);
        }

        return connectionString;
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = ServiceUser,
            Database = database,
            Pooling = true,
            MinPoolSize = 0,
            MaxPoolSize = 50,
            ConnectionIdleLifetime = 60,
            Timeout = 15,
            CommandTimeout = 30,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>
    /// Stops the server abruptly (as a crash would) and starts it again on the same port. The
    /// connection pools of the databases made by <see cref="CreateDatabaseAsync"/> are cleared.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-m", "immediate", "-w", "-t", "30", "-o", ServerOptions, "restart"], ct);
        await ClearPoolsAsync();
    }

    /// <summary>Stops the server abruptly, as an outage would; <see cref="StartAgainAsync"/> ends the outage.</summary>
    public Task StopAsync(CancellationToken ct = default) =>
        RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], ct);

    /// <summary>Starts a stopped server again on the same port.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "30", "-o", ServerOptions, "start"], ct);
        await ClearPoolsAsync();
    }

    /// <summary>Stops the server immediately and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await ClearPoolsAsync();
        try
        {
            await StopIfRunningAsync(CancellationToken.None);
        }
        finally
        {
            DeleteDirectory(_root);
        }
    }

    private async Task ClearPoolsAsync()
    {
        string[] databases;
        lock (_gate)
        {
            databases = [.. _databases];
        }

        foreach (var connectionString in databases)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private async Task<bool> TryStartAsync(CancellationToken ct)
    {
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "30", "-o", ServerOptions, "start"], ct);
            return true;
        }
        catch (InvalidOperationException) when (!ct.IsCancellationRequested)
        {
            // pg_ctl gives up after its timeout while a slow server may still come up later.
            await StopIfRunningAsync(CancellationToken.None);
            return false;
        }
    }

    private async Task StopIfRunningAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], ct);
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log file)";
        }
        catch (IOException ex)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var executable = Path.Combine(BinDirectory, tool);
        return RunAsServiceUser
            ? RunProcessAsync("su", [ServiceUser, "-c", string.Join(' ', arguments.Prepend(executable).Select(ShellQuote))], ct)
            : RunProcessAsync(executable, arguments, ct);
    }

    private static Task GiveToServiceUserAsync(string directory, CancellationToken ct) =>
        RunAsServiceUser ? RunProcessAsync("chown", [$"{ServiceUser}:{ServiceUser}", directory], ct) : Task.CompletedTask;

    private static async Task RunProcessAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            // A daemonised child could keep the pipes open; don't wait on it for long.
            var output = new StringBuilder();
            foreach (var stream in new[] { stdout, stderr })
            {
                if (await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)) == stream)
                {
                    output.Append(await stream);
                }
            }

            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
