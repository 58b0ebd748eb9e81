using System.Net;
using System.Text.Json;

namespace Parley.Ddp.Tests;

/// <summary>The chat features of the API v1 additions as DDP clients see them, with REST on the other front-end.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class ChatFeatureTests(TwoFrontendsFixture cluster)
{
    [Fact]
    public async Task AnEditIsChangedAndADeletionRemovedOnChatsAndAResubscriptionShowsTheCurrentState()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        var kept = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "helo", "c1"))!;
        var dropped = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "oops", "c2"))!;
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = bob.Token });
        await ddp.SubscribeAsync("getChats", new { roomId });
        var from = ddp.Count;

        using var edited = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/{kept.Seq}", alice.Token, new { text = "hello" });
        using var deleted = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/messages/{dropped.Seq}", alice.Token);
        var changed = await ddp.WaitForAsync(f => f.Is("changed", "chats", kept.MessageId), from);
        var removed = await ddp.WaitForAsync(f => f.Is("removed", "chats", dropped.MessageId), from);
        await using var again = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await again.CallOkAsync("login", new { resume = bob.Token });
        await again.SubscribeAsync("getChats", new { roomId });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("hello", changed.Frame.Field("text").GetString());
        Assert.True(changed.Frame.Field("editedAt").TryGetProperty("$date", out _));
        Assert.True(changed.Index < removed.Index);
        var chats = again.Log.Where(f => f.Is("added", "chats")).ToList();
        var only = Assert.Single(chats);
        Assert.Equal((kept.MessageId, "hello"), (only.Str("id"), only.Field("text").GetString()));
        Assert.True(only.Field("editedAt").TryGetProperty("$date", out _));
    }

    [Fact]
    public async Task ARemovedMembersSubscriptionEndsWithForbiddenAndItsChatsAreRemoved()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        await using var aliceDdp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await aliceDdp.CallOkAsync("login", new { resume = alice.Token });
        var roomId = $"r-{Guid.NewGuid():N}";
        await aliceDdp.CallOkAsync("createRoom", new { roomId, name = "Secret", isPrivate = true });
        await aliceDdp.CallOkAsync("inviteToRoom", new { roomId, username = bob.Username });
        var message = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "for bob", "c1"))!;
        await using var bobDdp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await bobDdp.CallOkAsync("login", new { resume = bob.Token });
        var subscription = await bobDdp.SubscribeAsync("getChats", new { roomId });
        var from = bobDdp.Count;

        await aliceDdp.CallOkAsync("removeMember", new { roomId, userId = bob.UserId });
        var nosub = await bobDdp.WaitForAsync(f => f.Msg() == "nosub" && f.Str("id") == subscription, from);
        var history = await bobDdp.CallAsync("getMembers", new { roomId });

        Assert.Equal("forbidden", nosub.Frame.Error().Str("error"));
        Assert.Contains(bobDdp.Log.Skip(from), f => f.Is("removed", "chats", message.MessageId));
        Assert.Equal("forbidden", history.Error().Str("error"));
        var removal = await aliceDdp.CallOkAsync("getMembers", new { roomId });
        Assert.Equal([alice.UserId], removal.EnumerateArray().Select(m => m.Str("userId")));
    }

    [Fact]
    public async Task RoomsDirectConversationsJoinsAndReadStateThroughDdpMethods()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var aliceDdp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await aliceDdp.CallOkAsync("login", new { resume = alice.Token });
        await aliceDdp.SubscribeAsync("getChats", new { roomId });
        await using var bobDdp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await bobDdp.CallOkAsync("login", new { resume = bob.Token });
        await using var bobElsewhere = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await bobElsewhere.CallOkAsync("login", new { resume = bob.Token });

        var found = await bobDdp.CallOkAsync("searchRooms", new { query = roomId[..10], limit = 5 });
        var joined = await bobDdp.CallOkAsync("joinRoom", new { roomId });
        var joinEvent = await aliceDdp.WaitForAsync(f => f.Is("added", "room_events"));
        await cluster.First.Http.TryPostAsync(alice.Token, roomId, "one", "c1");
        await cluster.First.Http.TryPostAsync(alice.Token, roomId, "two", "c2");
        var beforeReading = RoomIn(await bobDdp.CallOkAsync("listRooms"), roomId);
        var marked = await bobDdp.CallOkAsync("markRead", new { roomId, seq = 2 });
        var readElsewhere = await bobElsewhere.WaitForAsync(f => f.Is("added", "read_state", roomId));
        var direct = await bobDdp.CallOkAsync("openDirect", new { username = alice.Username });
        using var sameDirect = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/direct", alice.Token, new { username = bob.Username });

        Assert.Contains(roomId, found.GetProperty("rooms").EnumerateArray().Select(r => r.Str("roomId")));
        Assert.Equal(("member", "room"), (joined.Str("role"), joined.Str("kind")));
        Assert.Equal(("member_joined", bob.UserId, 1), (joinEvent.Frame.Field("kind").GetString(), joinEvent.Frame.Field("userId").GetString(), joinEvent.Frame.Field("seq").GetInt32()));
        Assert.True(joinEvent.Frame.Field("at").TryGetProperty("$date", out _));
        Assert.Equal((0, 2, 3), (beforeReading.GetProperty("lastReadSeq").GetInt32(), beforeReading.GetProperty("unread").GetInt32(), beforeReading.GetProperty("latestSeq").GetInt32()));
        Assert.True(beforeReading.GetProperty("lastActivityAt").TryGetProperty("$date", out _));
        Assert.Equal(2, marked.GetInt32());
        Assert.Equal(2, readElsewhere.Frame.Field("lastReadSeq").GetInt32());
        Assert.Equal((await sameDirect.Content.ReadAsync<RoomInfo>()).RoomId, direct.Str("roomId"));
        Assert.Equal(("direct", alice.Username), (direct.Str("kind"), direct.Str("name")));
    }

    [Fact]
    public async Task BadArgumentsToTheNewMethodsAreInvalidArgument()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        var anonymous = await ddp.CallAsync("listRooms");
        await ddp.CallOkAsync("login", new { resume = alice.Token });

        var calls = new (string Method, object? Argument)[]
        {
            ("editChat", new { roomId, seq = "1", text = "x" }),
            ("deleteChat", new { roomId, seq = -1 }),
            ("markRead", new { roomId, seq = 1.5 }),
            ("setRole", new { roomId, userId = alice.UserId, role = "emperor" }),
            ("searchRooms", new { limit = 0 }),
            ("searchRooms", new { query = new string('q', ApiLimits.MaxSearchLength + 1) }),
            ("joinRoom", "not an object"),
            ("updateRoom", new { roomId, topic = new string('t', ApiLimits.MaxTopicLength + 1) }),
        };
        var errors = new List<string?>();
        foreach (var (method, argument) in calls)
        {
            errors.Add((await ddp.CallAsync(method, argument)).Error().Str("error"));
        }

        Assert.Equal("unauthorized", anonymous.Error().Str("error"));
        Assert.All(errors, error => Assert.Equal("invalid_argument", error));
    }

    private static JsonElement RoomIn(JsonElement rooms, string roomId) =>
        Assert.Single(rooms.EnumerateArray(), room => room.Str("roomId") == roomId);
}
