using System.Diagnostics;
using System.Net.WebSockets;

namespace Parley.Cluster.Tests;

/// <summary>SIGTERM, as an orchestrator sends it: every kind of process is gone within the host's shutdown timeout.</summary>
[Collection(nameof(PostgresCollection))]
public sealed class ShutdownTests(PostgresFixture postgres)
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGracefulStopClosesLiveConnectionsWithReconnectAndExitsAtOnce()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var server = ParleyProcess.StartCombined(database);
        await server.WaitUntilReadyAsync(StartPatience, Ct);
        var alice = await server.Http.RegisterWhenReadyAsync();
        var roomId = await server.Http.CreateRoomAsync(alice.Token);
        await using var signalR = await ChatTestClient.ConnectAsync(server.BaseUrl!, alice.Token);
        await signalR.SubscribeAsync(roomId);
        await using var ddp = await DdpTestClient.ConnectAsync(server.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var exited = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var took = clock.Elapsed;

        Assert.True(exited, $"still running 10 s after SIGTERM:\n{server.Output}");
        Assert.Equal(0, server.ExitCode);
        var hubClosed = await signalR.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Contains("server shutting down: reconnect", hubClosed?.Message, StringComparison.Ordinal);
        var ddpClosed = await ddp.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, ddpClosed.Status);
        TestContext.Current.SendDiagnosticMessage($"graceful stop with two live connections: exited {took.TotalSeconds:F2} s after SIGTERM");
    }

    [Fact]
    public async Task SigtermWithTheDatabaseDownEndsASiloACombinedProcessAndAFrontendWithinTheShutdownTimeout()
    {
        var timeout = TimeSpan.FromSeconds(8);
        var settings = new Dictionary<string, string> { ["shutdownTimeoutSeconds"] = $"{timeout.TotalSeconds}" };
        await using var server = await PostgresServer.StartAsync(Ct);
        var database = await server.CreateDatabaseAsync("parley", Ct);
        await using var silo = ParleyProcess.StartSilo(database, settings);
        await using var combined = ParleyProcess.StartCombined(database, settings);
        await combined.WaitUntilReadyAsync(StartPatience, Ct);
        await using var frontend = ParleyProcess.StartFrontend(database, settings);
        await frontend.WaitUntilReadyAsync(StartPatience, Ct);
        await MembershipTable.WaitForActiveAsync(database, 2, StartPatience);

        await server.StopAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // let each notice: the membership refresh fails
        ParleyProcess[] processes = [silo, combined, frontend];
        var clock = Stopwatch.StartNew();
        foreach (var process in processes)
        {
            process.Terminate();
        }

        var exits = await Task.WhenAll(processes.Select(async process => await process.WaitForExitAsync(timeout) ? clock.Elapsed : (TimeSpan?)null));

        foreach (var (process, exit) in processes.Zip(exits))
        {
            Assert.True(exit is not null, $"still running {timeout} after SIGTERM:\n{process.Output}");
        }

        TestContext.Current.SendDiagnosticMessage($"SIGTERM with the database down (timeout {timeout.TotalSeconds} s): silo {exits[0]!.Value.TotalSeconds:F1} s, combined {exits[1]!.Value.TotalSeconds:F1} s, front-end {exits[2]!.Value.TotalSeconds:F1} s");
    }
}
