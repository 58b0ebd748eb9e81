namespace Parley.Ddp.Tests;

/// <summary>
/// Meteor's server heartbeat, on a front-end that pings after 200 ms of silence and waits 1 s for
/// an answer (room enough for a busy test machine to answer in time).
/// </summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class HeartbeatTests(TwoFrontendsFixture cluster)
{
    [Fact]
    public async Task TheServerPingsQuietClientsAndDropsOnlyThoseThatDoNotAnswer()
    {
        await using var brisk = await ParleyServer.StartClientOfAsync(cluster.First, new Dictionary<string, string>
        {
            ["Parley:Ddp:HeartbeatInterval"] = "00:00:00.200",
            ["Parley:Ddp:HeartbeatTimeout"] = "00:00:01",
        });
        await using var lively = await DdpTestClient.ConnectAsync(brisk.DdpUrl, answerPings: true);
        await using var silent = await DdpTestClient.ConnectAsync(brisk.DdpUrl, answerPings: false);

        var (status, description) = await silent.Closed.Task.Within();
        var pings = await lively.WaitForAsync(f => f.Msg() == "ping");
        await lively.WaitForAsync(f => f.Msg() == "ping", pings.Index + 1);
        var stillServed = await lively.CallAsync("logout");

        Assert.Equal("heartbeat timeout", description);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, status);
        Assert.Single(silent.Log, f => f.Msg() == "ping");
        Assert.False(lively.Closed.Task.IsCompleted);
        Assert.Equal("result", stillServed.Msg());
    }
}
