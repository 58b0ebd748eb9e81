using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Tests;

/// <summary>A client that stops reading holds up nobody else's pushes, whatever kind they are.</summary>
public sealed class StuckClientTests
{
    private const int Flooders = 8;
    private const int MaxTypings = 60_000;
    private const int CheckEvery = 2_000;
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStuckSignalRClientInAQuietRoomNeitherDelaysOtherRoomsNorStaysConnected()
    {
        await using var server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string>
        {
            ["Parley:Realtime:MaxQueuedPushes"] = "64",

            // Every typing and presence flip is passed on, so the flood reaches the stuck client.
            ["Parley:Limits:TypingInterval"] = "00:00:00",
            ["Parley:Limits:PresenceGrace"] = "00:00:00",
        });
        // Messages are posted through another front-end, so they reach this one through its observer.
        await using var poster = await ParleyServer.StartClientOfAsync(server);
        var connections = server.Services.GetRequiredService<ConnectionRegistry>();

        // Long names make each typing and presence event bigger, so the stuck client's socket
        // buffers fill sooner.
        var quietRoom = $"quiet-{Guid.NewGuid():N}{Guid.NewGuid():N}"[..64];
        var stuckUser = await server.Http.RegisterAndLoginAsync(LongName());
        await CreatePublicRoomAsync(server, stuckUser.Token, quietRoom);
        var reader = await server.Http.RegisterAndLoginAsync();
        var busyRoom = await server.Http.CreateRoomAsync(reader.Token);

        using var stuck = await RawHubClient.ConnectAsync(server.BaseUrl, stuckUser.Token, receiveBufferSize: 4096);
        await stuck.InvokeAsync("Subscribe", quietRoom, null);
        await using var listener = await ChatTestClient.ConnectAsync(server.BaseUrl, reader.Token);
        await listener.SubscribeAsync(busyRoom);
        // The flooders type without subscribing, and the flipper's presence flips between their
        // bursts, so that only the stuck client ever has a backlog.
        var flooders = new List<ChatTestClient>();
        foreach (var _ in Enumerable.Range(0, Flooders))
        {
            var flooder = await server.Http.RegisterAndLoginAsync(LongName());
            flooders.Add(await ChatTestClient.ConnectAsync(server.BaseUrl, flooder.Token));
        }

        var withStuck = connections.Count;
        var typings = 0;
        while (connections.Count == withStuck && typings < MaxTypings)
        {
            await Task.WhenAll(flooders.Select(async flooder =>
            {
                for (var n = 0; n < CheckEvery / Flooders; n++)
                {
                    await flooder.Connection.InvokeAsync("Typing", quietRoom, Ct);
                }
            }));
            typings += CheckEvery;
            await flooders[0].SubscribeAsync(quietRoom);
            await flooders[0].Connection.InvokeAsync("Unsubscribe", quietRoom, Ct);
            await AssertDeliveredPromptlyAsync(poster, reader.Token, busyRoom, listener);
        }

        Assert.Equal(withStuck - 1, connections.Count);
        await stuck.DrainUntilEndedAsync().WaitAsync(Waiting.Patience, Ct);
        await AssertDeliveredPromptlyAsync(poster, reader.Token, busyRoom, listener);
        foreach (var flooder in flooders)
        {
            await flooder.DisposeAsync();
        }
    }

    /// <summary>A message posted over REST into the busy room reaches its subscriber within <see cref="DeliveryBound"/>.</summary>
    private static async Task AssertDeliveredPromptlyAsync(ParleyServer poster, string token, string roomId, ChatTestClient listener)
    {
        var posted = await poster.Http.TryPostAsync(token, roomId, "still flowing", Guid.NewGuid().ToString("N"));
        Assert.NotNull(posted);
        var received = await listener.Messages.NextAsync(DeliveryBound);
        Assert.Equal(posted.MessageId, received.MessageId);
    }

    private static async Task CreatePublicRoomAsync(ParleyServer server, string token, string roomId)
    {
        using var created = await server.Http.SendAsync(HttpMethod.Post, "/api/rooms", token, new { roomId, name = roomId, isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static string LongName() => $"u{Guid.NewGuid():N}"[..32];
}
