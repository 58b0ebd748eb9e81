using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Frontend.Apis;
using Parley.Frontend.Hubs;

namespace Parley.Frontend.Tests.Chat;

[Collection(nameof(TwoFrontendsCollection))]
public sealed class ReadStateTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnreadCountsOthersMessagesAfterTheMarkerAndReadingOnOneConnectionReachesTheOthers()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var aliceOnFirst = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var aliceOnSecond = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, alice.Token);
        await aliceOnFirst.SubscribeAsync(roomId);
        await aliceOnFirst.SendAsync(roomId, "mine");
        for (var i = 1; i <= 3; i++)
        {
            await cluster.Second.Http.TryPostAsync(bob.Token, roomId, $"b{i}", $"b{i}");
        }

        var before = await RoomOf(aliceOnSecond, roomId);
        var marked = await aliceOnFirst.Connection.InvokeAsync<long>("MarkRead", roomId, 3L, Ct);
        var pushed = await aliceOnSecond.ReadStates.NextAsync();
        var after = await RoomOf(aliceOnSecond, roomId);
        using var backwards = await cluster.Second.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/read", alice.Token, new { seq = 1 });
        using var beyond = await cluster.Second.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/read", alice.Token, new { seq = 1000 });
        var allRead = await RoomOf(aliceOnFirst, roomId);

        Assert.Equal((0L, 3, 4L), (before.LastReadSeq, before.Unread, before.LatestSeq));
        Assert.NotNull(before.LastActivityAt);
        Assert.Equal(3, marked);
        Assert.Equal(new ReadStateEvent(roomId, 3), pushed);
        Assert.Equal((3L, 1), (after.LastReadSeq, after.Unread));
        Assert.Equal(new ReadStateResponse(roomId, 3), await backwards.Content.ReadAsync<ReadStateResponse>());
        Assert.Equal(new ReadStateResponse(roomId, 4), await beyond.Content.ReadAsync<ReadStateResponse>());
        Assert.Equal((4L, 0), (allRead.LastReadSeq, allRead.Unread));
        Assert.Equal([new ReadStateEvent(roomId, 3), new ReadStateEvent(roomId, 4)], await aliceOnFirst.ReadStates.NextAsync(2));
    }

    [Fact]
    public async Task DeletedMessagesAndEventsAreNotUnreadAndRoomsAreListedByLastActivity()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var quiet = await cluster.First.Http.CreateRoomAsync(alice.Token);
        var busy = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await cluster.Second.Http.TryPostAsync(bob.Token, quiet, "early", "q1");
        var gone = (await cluster.Second.Http.TryPostAsync(bob.Token, busy, "regret", "b1"))!;
        await cluster.Second.Http.TryPostAsync(bob.Token, busy, "keep", "b2");
        using var deleted = await cluster.Second.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{busy}/messages/{gone.Seq}", bob.Token);

        using var list = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/rooms", alice.Token);
        var rooms = (await list.Content.ReadAsync<RoomInfo[]>()).Where(room => room.RoomId == quiet || room.RoomId == busy).ToArray();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([(busy, 1, 3L), (quiet, 1, 1L)], rooms.Select(room => (room.RoomId, room.Unread!.Value, room.LatestSeq)));
    }

    [Fact]
    public async Task MarkingARoomOneCannotReadIsRefused()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var secret = await cluster.First.Http.CreateRoomAsync(alice.Token, isPrivate: true);
        var open = await cluster.First.Http.CreateRoomAsync(alice.Token);

        using var forbidden = await cluster.Second.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{secret}/read", bob.Token, new { seq = 1 });
        using var notJoined = await cluster.Second.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{open}/read", bob.Token, new { seq = 1 });
        using var badBody = await cluster.Second.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{open}/read", bob.Token, new { seq = "one" });

        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await notJoined.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await badBody.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
    }

    private static async Task<RoomInfo> RoomOf(ChatTestClient chat, string roomId) =>
        Assert.Single(await chat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct), room => room.RoomId == roomId);
}
