using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Parley.Ddp.Tests;

/// <summary>A DDP client that stops reading is dropped instead of buffered without bound.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class SlowClientTests(TwoFrontendsFixture cluster)
{
    // The client's queue (1000 messages) plus what the kernel's socket buffers hold (4 MB ≈ 350
    // frames of 12 KB) must overflow; concurrent posters let the room commit them in batches.
    private const int Messages = 1600;
    private const int Workers = 32;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClientThatStopsReadingIsDroppedAndTheFrontendCarriesOn()
    {
        await using var tight = await ParleyServer.StartClientOfAsync(cluster.First, new Dictionary<string, string> { ["Parley:Realtime:MaxQueuedPushes"] = "1000" });
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = $"slow-{Guid.NewGuid():N}"[..20];
        using (var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", alice.Token, new { roomId, name = roomId, isPrivate = false }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A client with a tiny receive window that subscribes and then reads nothing.
        using var handler = new SocketsHttpHandler { ConnectCallback = DdpTesting.ConnectWithSmallWindowAsync };
        using var invoker = new HttpMessageInvoker(handler);
        using var sleeper = new ClientWebSocket();
        await sleeper.ConnectAsync(tight.DdpUrl, invoker, Ct);
        foreach (var frame in new object[]
        {
            new { msg = "connect", version = "1", support = new[] { "1" } },
            new { msg = "method", id = "1", method = "login", @params = new[] { new { resume = alice.Token } } },
            new { msg = "sub", id = "s", name = "getChats", @params = new[] { new { roomId } } },
        })
        {
            await sleeper.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, Ct);
        }

        await using (var watcher = await DdpTestClient.ConnectAsync(tight.DdpUrl))
        {
            await watcher.CallOkAsync("login", new { resume = alice.Token });
            await watcher.SubscribeAsync("getChats", new { roomId });
            var text = new string('€', MessageText.MaxLength); // 12 KB a frame: the kernel's buffers fill after a few hundred
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
            {
                for (var i = worker; i < Messages; i += Workers)
                {
                    using var posted = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", alice.Token, new { text });
                    Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
                }
            }));

            // A client that keeps reading gets every message.
            await watcher.WaitForAsync(f => f.Is("added", "chats") && f.Field("seq").GetInt64() == Messages, within: TimeSpan.FromSeconds(30));
        }

        var (added, ended) = await DrainAsync(sleeper);

        Assert.True(ended, "the server dropped the client that stopped reading");
        Assert.InRange(added, 0, Messages - 1);
        await using var next = await DdpTestClient.ConnectAsync(tight.DdpUrl);
        Assert.Equal("result", (await next.CallAsync("logout")).Msg());
    }

    /// <summary>Reads what the server managed to send before it gave up; counts the chats.</summary>
    private static async Task<(int Added, bool Ended)> DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        var added = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), Ct).AsTask().WaitAsync(Waiting.Patience, Ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (added, true);
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    added += Encoding.UTF8.GetString(message.ToArray()).Contains("\"collection\":\"chats\"", StringComparison.Ordinal) ? 1 : 0;
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
            return (added, true);
        }
    }
}
