using System.Text.Json;
using Parley.LoadGen;
using Parley.LoadGen.Wire;

namespace Parley.Frontend.Tests;

/// <summary>
/// The benchmark load generator (bench/LoadGen) against two real front-ends for a second or two:
/// keeps the benchmark runnable without making CI run the benchmark.
/// </summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class LoadGeneratorSmokeTests(TwoFrontendsFixture fixture)
{
    [Theory]
    [InlineData(ClientKind.Minimal, HubProtocolName.Json)]
    [InlineData(ClientKind.Minimal, HubProtocolName.MessagePack)]
    [InlineData(ClientKind.Official, HubProtocolName.Json)]
    public async Task FanoutDeliversEveryAcknowledgedSendToEachSubscriberOfItsRoomInOrder(ClientKind client, HubProtocolName protocol)
    {
        using var target = new Target([fixture.First.BaseUrl, fixture.Second.BaseUrl], AuthMode.Parley, 1, RunId(), client, protocol);
        var report = await TrafficScenario.RunAsync(
            target,
            new TrafficPlan("fanout", Rooms: 2, SubscribersPerRoom: 3, PublishersPerRoom: 1, InFlight: 2, TextLength: 60),
            new Measure("smoke", WarmupSeconds: 1, Seconds: 1, [], []),
            TestContext.Current.CancellationToken);

        var result = JsonSerializer.SerializeToElement(report);
        Assert.True(result.GetProperty("acknowledgedPerSecond").GetDouble() > 0);
        Assert.InRange(result.GetProperty("deliveriesPerAcknowledged").GetDouble(), 2.0, 4.0); // 3 subscribers, window edges aside
        Assert.Equal(0, result.GetProperty("outOfOrder").GetInt64());
        Assert.Equal(0, result.GetProperty("sendErrors").GetInt64());
        Assert.Equal(0, result.GetProperty("connectFailures").GetInt32());
        Assert.True(result.GetProperty("deliveryLatencyMs").GetProperty("Count").GetInt64() > 0);
        Assert.InRange(result.GetProperty("deliveryLatencyMs").GetProperty("P50").GetDouble(), 0.001, 10_000); // timestamps read from the text
        Assert.Equal(2, result.GetProperty("deliveredEachSecond").GetArrayLength());
    }

    [Theory]
    [InlineData(HubProtocolName.Json)]
    [InlineData(HubProtocolName.MessagePack)]
    public async Task IdleConnectionsStayOpenAndSubscribed(HubProtocolName protocol)
    {
        using var target = new Target([fixture.First.BaseUrl, fixture.Second.BaseUrl], AuthMode.Parley, 2, RunId(), ClientKind.Minimal, protocol);
        var report = await IdleScenario.RunAsync(target, connections: 20, roomSize: 10, users: 20, new Measure("smoke", 0, 1, [], []), TestContext.Current.CancellationToken);

        var result = JsonSerializer.SerializeToElement(report);
        Assert.Equal(20, result.GetProperty("established").GetInt32());
        Assert.Equal(20, result.GetProperty("stillOpen").GetInt32());
    }

    private static string RunId() => Guid.NewGuid().ToString("N")[..8];
}
