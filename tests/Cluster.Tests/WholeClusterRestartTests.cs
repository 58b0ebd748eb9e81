using System.Diagnostics;

using Parley.Frontend.Apis;

namespace Parley.Cluster.Tests;

/// <summary>A power cut: every node dies at once, and they come back one at a time, or not at all.</summary>
[Collection(nameof(PostgresCollection))]
public sealed class WholeClusterRestartTests(PostgresFixture postgres)
{
    /// <summary>README promises 30 s; with Orleans' defaults the first node waited for its 5-minute join deadline.</summary>
    private static readonly TimeSpan ServingBound = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANodeRestartedAloneAfterEveryNodeWasKilledServesWithinTheBoundAndTheOtherRejoinsLater()
    {
        var database = await postgres.NewDatabaseAsync();
        var (first, second) = (Node.Pick(), Node.Pick());
        LoginResponse alice;
        string roomId;
        ChatMessage before;
        await using (var one = first.Start(database))
        await using (var two = second.Start(database))
        {
            await one.WaitUntilReadyAsync(StartPatience, Ct);
            await two.WaitUntilReadyAsync(StartPatience, Ct);
            Assert.Equal(2, (await MembershipTable.CountAsync(database)).Active);
            alice = await one.Http.RegisterWhenReadyAsync();
            roomId = await two.Http.CreateRoomAsync(alice.Token);
            before = (await one.Http.TryPostAsync(alice.Token, roomId, "before the power cut", "b1"))!;

            one.Kill();
            two.Kill();
        }

        var clock = Stopwatch.StartNew();
        await using var restarted = first.Start(database);
        await restarted.WaitUntilReadyAsync(ServingBound + StartPatience, Ct);
        var after = await restarted.Http.TryPostAsync(alice.Token, roomId, "after the power cut", "a1");
        var serving = clock.Elapsed;

        Assert.Equal([before, after!], await restarted.Http.ReadAllAsync(alice.Token, roomId));
        Assert.InRange(serving, TimeSpan.Zero, ServingBound);
        TestContext.Current.SendDiagnosticMessage($"whole-cluster restart: the first node served {serving.TotalSeconds:F1} s after it was started");

        await using var rejoined = second.Start(database);
        await rejoined.WaitUntilReadyAsync(StartPatience, Ct);
        Assert.Equal((2, 2, 0), await MembershipTable.CountAsync(database));
        Assert.NotNull(await rejoined.Http.TryPostAsync(alice.Token, roomId, "both back", "a2"));
    }

    /// <summary>A node's addresses, kept across its restart as a machine or a pod with a stable address would.</summary>
    private sealed record Node(int SiloPort, int GatewayPort, int HttpPort)
    {
        public static Node Pick() => new(FreePort.Next(), FreePort.Next(), FreePort.Next());

        public ParleyProcess Start(string database) => ParleyProcess.StartCombined(database, siloPort: SiloPort, gatewayPort: GatewayPort, httpPort: HttpPort);
    }
}
