using Microsoft.Extensions.DependencyInjection;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Tests;

/// <summary>A client that stops reading must not hold up the other subscribers of its rooms.</summary>
public sealed class SlowSubscriberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASubscriberThatStopsReadingIsDisconnectedWhileTheOthersKeepReceiving()
    {
        await using var server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:SendsPerSecond"] = "100000",
            ["Parley:RateLimits:SendBurst"] = "100000",
        });
        var alice = await server.Http.RegisterAndLoginAsync();
        var roomId = await server.Http.CreateRoomAsync(alice.Token);
        await using var reader = await ChatTestClient.ConnectAsync(server.BaseUrl, alice.Token);
        await reader.SubscribeAsync(roomId);
        using var stalled = await RawHubClient.ConnectAsync(server.BaseUrl, alice.Token, receiveBufferSize: 4096);
        await stalled.InvokeAsync("Subscribe", roomId, null);
        var connections = server.Services.GetRequiredService<ConnectionRegistry>();
        Assert.Equal(2, connections.Count);

        // One message per batch: the stalled client (it stops reading after subscribing) fills its
        // socket buffers after a few MB, then its
        // queue of unwritten batches grows until the server lets it go.
        var text = new string('x', MessageText.MaxLength);
        var sent = 0L;
        while (connections.Count == 2 && sent < 5000)
        {
            var message = await reader.SendAsync(roomId, text);
            sent = message.Seq;
            Assert.Equal(sent, (await reader.Messages.NextAsync()).Seq);
        }

        Assert.Equal(1, connections.Count);
        await stalled.DrainUntilEndedAsync().WaitAsync(Waiting.Patience, Ct);
    }
}
