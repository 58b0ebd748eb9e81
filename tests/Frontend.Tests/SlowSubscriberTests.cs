using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Tests;

/// <summary>A client that stops reading must not hold up the other subscribers of its rooms.</summary>
public sealed class SlowSubscriberTests
{
    private const char RecordSeparator = '\u001e';

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
        using var stalled = await SubscribeAndStopReadingAsync(server.BaseUrl, alice.Token, roomId);
        var connections = server.Services.GetRequiredService<ChatConnections>();
        Assert.Equal(2, connections.Count);

        // One message per batch: the stalled client's socket buffers fill after a few MB, then its
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
        await DrainUntilEndedAsync(stalled).WaitAsync(Waiting.Patience, Ct);
    }

    /// <summary>Speaks SignalR's JSON protocol by hand so that it can stop reading, with a small receive buffer.</summary>
    private static async Task<ClientWebSocket> SubscribeAndStopReadingAsync(Uri baseUrl, string token, string roomId)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(baseUrl, "/hubs/chat")) { Scheme = "ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        await socket.ConnectAsync(uri, new HttpMessageInvoker(handler), Ct);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":["{{roomId}}",null]}""");

        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\"invocationId\":\"1\"", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, Ct);
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        Assert.DoesNotContain("\"error\"", received.ToString(), StringComparison.Ordinal);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, Ct);

    /// <summary>Reads what the server had written before it gave up; the socket then ends.</summary>
    private static async Task DrainUntilEndedAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, Ct)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // An aborted connection ends without a close frame.
        }
    }
}
