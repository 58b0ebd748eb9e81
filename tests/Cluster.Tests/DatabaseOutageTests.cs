using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Frontend.Apis;

namespace Parley.Cluster.Tests;

/// <summary>
/// PostgreSQL goes away under a running node and comes back. Each test has a server of its own
/// to stop: the shared one serves the other tests meanwhile.
/// </summary>
public sealed class DatabaseOutageTests
{
    /// <summary>Generous for a shared CI machine; before, a send waited 20 s and then got internal_error.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DuringAnOutageSendsAreRefusedAsUnavailableAtOnceReadsStillAnswerAndEverythingRecoversAfter()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Parley"] = await postgres.CreateDatabaseAsync("parley", Ct) };
        await using var server = await ParleyServer.StartCombinedAsync(settings);
        var alice = await server.Http.RegisterWhenReadyAsync();
        var roomId = await server.Http.CreateRoomAsync(alice.Token);
        var stored = await server.Http.TryPostAsync(alice.Token, roomId, "before", "b1");
        await using var hub = await ChatTestClient.ConnectAsync(server.BaseUrl, alice.Token);
        await hub.SubscribeAsync(roomId);
        await using var ddp = await DdpTestClient.ConnectAsync(server.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });

        await postgres.StopAsync(Ct);
        var clock = Stopwatch.StartNew();
        using var rest = await server.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", alice.Token, new { text = "during", clientMessageId = "d1" });
        var restTook = clock.Elapsed;
        clock.Restart();
        var hubError = await Assert.ThrowsAsync<HubException>(() => hub.SendAsync(roomId, "during", "d2"));
        var hubTook = clock.Elapsed;
        clock.Restart();
        var ddpAnswer = await ddp.CallAsync("addChat", new { roomId, text = "during", clientMessageId = "d3" });
        var ddpTook = clock.Elapsed;
        using var history = await server.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages", alice.Token);
        using var ready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);

        await rest.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), rest.Headers.RetryAfter?.Delta);
        Assert.StartsWith("unavailable:", hubError.Message, StringComparison.Ordinal);
        Assert.Equal("unavailable", ddpAnswer.GetProperty("error").GetProperty("error").GetString());
        Assert.Equal(1000, ddpAnswer.GetProperty("error").GetProperty("details").GetProperty("timeToReset").GetInt32());
        Assert.All([restTook, hubTook, ddpTook], took => Assert.InRange(took, TimeSpan.Zero, Promptly));
        Assert.Equal([stored!], (await history.Content.ReadFromJsonAsync<ChatMessage[]>(Ct))!);
        Assert.Equal("degraded", (await ready.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());

        await postgres.StartAgainAsync(Ct);
        clock.Restart();
        ChatMessage? after;
        while ((after = await server.Http.TryPostAsync(alice.Token, roomId, "after", "a1")) is null)
        {
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, RecoveryBound);
            await Task.Delay(100, Ct);
        }

        var recovered = clock.Elapsed;
        using var readyAgain = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
        Assert.Equal("ready", (await readyAgain.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal([stored!, after], await server.Http.ReadAllAsync(alice.Token, roomId));
        Assert.Equal(after, await hub.Messages.NextAsync());
        TestContext.Current.SendDiagnosticMessage(
            $"database outage: refused in {restTook.TotalMilliseconds:F0} ms (REST), {hubTook.TotalMilliseconds:F0} ms (hub), {ddpTook.TotalMilliseconds:F0} ms (DDP); sends succeeded again {recovered.TotalSeconds:F1} s after the database was back");
    }

    [Fact]
    public async Task APostgreSqlRestartDuringSteadySendsLosesNothingAcknowledgedAndStoresNoDuplicate()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Parley"] = await postgres.CreateDatabaseAsync("parley", Ct) };
        await using var server = await ParleyServer.StartCombinedAsync(settings);
        var alice = await server.Http.RegisterWhenReadyAsync();
        var roomId = await server.Http.CreateRoomAsync(alice.Token);
        await using var subscriber = await ChatTestClient.ConnectAsync(server.BaseUrl, alice.Token);
        await subscriber.SubscribeAsync(roomId);
        var stream = new SendStream(server.Http, alice.Token, roomId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var streaming = stream.RunAsync(stop.Token);
        await Waiting.UntilAsync(() => stream.Acknowledged.Count >= 50, TimeSpan.FromSeconds(60));

        var restartedAt = stream.Now;
        await postgres.RestartAsync(Ct);
        await Waiting.UntilAsync(() => stream.FirstAcknowledgedStartedAfter(restartedAt + TimeSpan.FromSeconds(1)) is not null, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await streaming;

        var history = await server.Http.ReadAllAsync(alice.Token, roomId);
        ClusterRest.AssertNothingLost(stream.Acknowledged, history);
        Assert.Equal(history, await subscriber.Messages.NextAsync(history.Count));
        TestContext.Current.SendDiagnosticMessage($"PostgreSQL restart under load: {stream.Acknowledged.Count} acknowledged, none lost, none stored twice");
    }

    [Fact]
    public async Task ATokenThatCannotBeCheckedDuringAnOutageIsAnsweredUnavailableNotUnauthorized()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Parley"] = await postgres.CreateDatabaseAsync("parley", Ct) };
        LoginResponse alice;
        await using (var before = await ParleyServer.StartCombinedAsync(settings))
        {
            alice = await before.Http.RegisterWhenReadyAsync();
        }

        // A fresh node has not loaded the session: checking it needs the database.
        await using var server = await ParleyServer.StartCombinedAsync(settings);
        await postgres.StopAsync(Ct);
        using var me = await server.Http.SendAsync(HttpMethod.Get, "/api/me", alice.Token);

        await me.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(me.Headers.RetryAfter);
        await postgres.StartAgainAsync(Ct); // an in-process silo has no shutdown deadline: let it stop cleanly
    }
}
