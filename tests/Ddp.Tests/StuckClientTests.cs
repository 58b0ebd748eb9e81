using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Ddp.Tests;

/// <summary>A DDP client that stops reading holds up nobody else's pushes, and its own replies count against its bound.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class StuckClientTests(TwoFrontendsFixture cluster)
{
    private const int MaxPings = 200_000;
    private const int Batch = 2_000;
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStuckDdpClientInAQuietRoomNeitherDelaysOtherRoomsNorStaysConnected()
    {
        await using var tight = await ParleyServer.StartClientOfAsync(cluster.First, new Dictionary<string, string> { ["Parley:Realtime:MaxQueuedPushes"] = "64" });
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var quietRoom = await cluster.First.Http.CreateRoomAsync(alice.Token);
        var busyRoom = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var listener = await DdpTestClient.ConnectAsync(tight.DdpUrl);
        await listener.CallOkAsync("login", new { resume = alice.Token });
        await listener.SubscribeAsync("getChats", new { roomId = busyRoom });
        await using var typist = await ChatTestClient.ConnectAsync(tight.BaseUrl, alice.Token);
        await typist.SubscribeAsync(quietRoom);

        using var handler = new SocketsHttpHandler { ConnectCallback = DdpTesting.ConnectWithSmallWindowAsync };
        using var invoker = new HttpMessageInvoker(handler);
        using var stuck = new ClientWebSocket();
        var withoutStuck = tight.ConnectionCount;
        await stuck.ConnectAsync(tight.DdpUrl, invoker, Ct);
        await SendAsync(stuck, new { msg = "connect", version = "1", support = new[] { "1" } });
        await SendAsync(stuck, new { msg = "method", id = "1", method = "login", @params = new[] { new { resume = alice.Token } } });
        await SendAsync(stuck, new { msg = "sub", id = "s", name = "getChats", @params = new[] { new { roomId = quietRoom } } });

        // The stuck client keeps talking (pings, so it is never idle) and reads nothing; typing in
        // its room goes on meanwhile.
        var withStuck = withoutStuck + 1;
        await Waiting.UntilAsync(() => tight.ConnectionCount == withStuck); // registered once the server has read its frames
        var pings = 0;
        while (tight.ConnectionCount == withStuck && pings < MaxPings)
        {
            for (var i = 0; i < Batch && stuck.State == WebSocketState.Open; i++, pings++)
            {
                await SendAsync(stuck, new { msg = "ping", id = $"p{pings}" });
            }

            await typist.Connection.InvokeAsync("Typing", quietRoom, Ct);
            await AssertDeliveredPromptlyAsync(alice.Token, busyRoom, listener);
        }

        Assert.Equal(withStuck - 1, tight.ConnectionCount);
        await AssertDeliveredPromptlyAsync(alice.Token, busyRoom, listener);
    }

    /// <summary>A message posted on the other front-end reaches the listener's subscription within <see cref="DeliveryBound"/>.</summary>
    private async Task AssertDeliveredPromptlyAsync(string token, string roomId, DdpTestClient listener)
    {
        var from = listener.Count;
        var posted = await cluster.First.Http.TryPostAsync(token, roomId, "still flowing", Guid.NewGuid().ToString("N"));
        Assert.NotNull(posted);
        await listener.WaitForAsync(f => f.Is("added", "chats", posted.MessageId), from, DeliveryBound);
    }

    private static async Task SendAsync(ClientWebSocket socket, object frame)
    {
        try
        {
            await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, Ct);
        }
        catch (WebSocketException)
        {
            // The server dropped the client: what the test waits for.
        }
    }
}
