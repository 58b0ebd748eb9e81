using Orleans.TestingHost;

namespace Parley.Grains.Tests;

/// <summary>
/// Two silos, and a client that reaches the cluster through the first one only (as a front-end
/// whose gateway list starts with it would): new rooms and users still spread over both silos.
/// </summary>
public sealed class PlacementTests : IAsyncLifetime
{
    private const int Rooms = 100;

    private readonly TestCluster _cluster = BuildCluster();

    public async ValueTask InitializeAsync() => await _cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RoomsAndTheirCreatorsSpreadOverEverySilo()
    {
        var grains = _cluster.Client;
        await Parallel.ForAsync(0, Rooms, TestContext.Current.CancellationToken, async (i, _) =>
            await grains.GetRoom(RoomId.Create($"placed-{i}")).CreateAsync(new CreateRoom(await grains.RegisterAsync(), $"Room {i}", false)));

        var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken);
        var roomsPerSilo = PerSilo(activations.Where(a => a.GrainId.Type.ToString() == "room" && a.GrainId.Key.ToString()!.StartsWith("placed-", StringComparison.Ordinal)));
        var usersPerSilo = PerSilo(activations.Where(a => a.GrainId.Type.ToString() == "user"));

        Assert.Equal(Rooms, roomsPerSilo.Sum());
        Assert.All([roomsPerSilo, usersPerSilo], perSilo => Assert.Equal(2, perSilo.Length));
        Assert.All(roomsPerSilo, count => Assert.InRange(count, Rooms * 3 / 10, Rooms * 7 / 10)); // random: a 1-in-10,000 miss
        Assert.All(usersPerSilo, count => Assert.InRange(count, usersPerSilo.Sum() * 3 / 10, usersPerSilo.Sum() * 7 / 10));
    }

    private static int[] PerSilo(IEnumerable<DetailedGrainStatistic> activations) =>
        [.. activations.GroupBy(a => a.SiloAddress).Select(g => g.Count())];

    private static TestCluster BuildCluster()
    {
        var builder = new TestClusterBuilder(2).AddSiloBuilderConfigurator<ClusterFixture.SiloConfigurator>();
        builder.Options.GatewayPerSilo = false;
        return builder.Build();
    }
}
