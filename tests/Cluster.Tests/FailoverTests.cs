using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Cluster.Tests;

[Collection(nameof(PostgresCollection))]
public sealed class FailoverTests(PostgresFixture postgres)
{
    /// <summary>Generous for a shared 2-core CI machine; bench/ measures the real figure.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillingTheSiloThatHostsABusyRoomLosesNoAcknowledgedMessage()
    {
        var database = await postgres.NewDatabaseAsync();
        var silos = Enumerable.Range(0, 3).Select(_ => ParleyProcess.StartSilo(database)).ToList();
        try
        {
            await using var frontend = await ParleyServer.StartClientAsync(new Dictionary<string, string> { ["ConnectionStrings:Parley"] = database });
            var management = frontend.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await WaitUntilAsync(async () => (await management.GetHosts(true, Ct)).Count == 3, silos);
            var alice = await frontend.Http.RegisterWhenReadyAsync();
            var roomId = await frontend.Http.CreateRoomAsync(alice.Token);
            var host = await management.GetActivationAddress(frontend.Services.GetRequiredService<IGrainFactory>().GetRoom(RoomId.Create(roomId)), Ct);
            var victim = silos.Single(s => s.SiloPort == host!.Endpoint.Port);

            await using var subscriber = await ChatTestClient.ConnectAsync(frontend.BaseUrl, alice.Token);
            await subscriber.SubscribeAsync(roomId);
            var stream = new SendStream(frontend.Http, alice.Token, roomId);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var streaming = stream.RunAsync(stop.Token);
            await WaitUntilAsync(() => Task.FromResult(stream.Acknowledged.Count >= 50), silos);

            var killedAt = stream.Now;
            victim.Kill();
            await WaitUntilAsync(() => Task.FromResult(stream.FirstAcknowledgedStartedAfter(killedAt) is { } at && stream.Now > at + TimeSpan.FromSeconds(2)), silos, RecoveryBound + TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await streaming;

            var recovery = stream.FirstAcknowledgedStartedAfter(killedAt)!.Value - killedAt;
            var history = await frontend.Http.ReadAllAsync(alice.Token, roomId);
            ClusterRest.AssertNothingLost(stream.Acknowledged, history);
            Assert.InRange(recovery, TimeSpan.Zero, RecoveryBound);

            // The room came back on another silo without its subscribers: the front-end's lease
            // renewal registers again and fills the gap, so the live subscriber misses nothing.
            var live = await subscriber.Messages.NextAsync(history.Count, FrontendLease.Duration);
            Assert.Equal(history, live);
            TestContext.Current.SendDiagnosticMessage($"failover: {stream.Acknowledged.Count} acknowledged, sends succeeded again {recovery.TotalSeconds:F1} s after SIGKILL");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, IEnumerable<ParleyProcess> silos, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > (within ?? TimeSpan.FromSeconds(60)))
            {
                Assert.Fail("Condition not met in time. Silo output:\n" + string.Join("\n---\n", silos.Select(s => s.Output)));
            }

            await Task.Delay(100, Ct);
        }
    }
}
