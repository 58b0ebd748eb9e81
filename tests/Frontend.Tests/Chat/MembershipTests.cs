using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Frontend.Hubs;

namespace Parley.Frontend.Tests.Chat;

/// <summary>Owner, admins and members over REST and SignalR, across both front-ends.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class MembershipTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARemovedMemberLosesAccessAtOnceOnEveryFrontend()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token, isPrivate: true);
        using var invited = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/members", alice.Token, new { username = bob.Username });
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await aliceChat.SubscribeAsync(roomId);
        await bobChat.SubscribeAsync(roomId);

        using var removed = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/members/{bob.UserId}", alice.Token);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(new SubscriptionEndedEvent(roomId, "removed"), await bobChat.SubscriptionsEnded.NextAsync());
        var removal = await aliceChat.Events.NextAsync();
        Assert.Equal((RoomEventKind.MemberRemoved, bob.UserId, alice.UserId, 1L), (removal.Kind, removal.UserId, removal.ActorId, removal.Seq));
        using var history = await cluster.Second.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages", bob.Token);
        await history.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await HubErrors.AssertHubErrorAsync("forbidden", () => bobChat.SendAsync(roomId, "still here?"));
        await HubErrors.AssertHubErrorAsync("forbidden", () => bobChat.SubscribeAsync(roomId));
        Assert.DoesNotContain(roomId, (await bobChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct)).Select(room => room.RoomId));
        var sent = await aliceChat.SendAsync(roomId, "bob is gone");
        Assert.Equal(sent, await aliceChat.Messages.NextAsync());
        Assert.Equal(0, bobChat.Messages.Reader.Count);
        Assert.Equal(HttpStatusCode.NoContent, invited.StatusCode);
    }

    [Fact]
    public async Task MembersJoinAndLeaveWithEventsInTheSequenceAndTheOwnerCannotLeave()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await aliceChat.SubscribeAsync(roomId);

        var joined = await bobChat.Connection.InvokeAsync<RoomInfo>("JoinRoom", roomId, Ct);
        var joinEvent = await aliceChat.Events.NextAsync();
        await bobChat.SubscribeAsync(roomId);
        var members = await bobChat.Connection.InvokeAsync<RoomMember[]>("GetMembers", roomId, Ct);
        using var left = await cluster.Second.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/leave", bob.Token);
        var leaveEvent = await aliceChat.Events.NextAsync();
        using var ownerLeaves = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/leave", alice.Token);

        Assert.Equal((RoomRole.Member, roomId), (joined.Role, joined.RoomId));
        Assert.Equal((RoomEventKind.MemberJoined, bob.UserId, 1L), (joinEvent.Kind, joinEvent.UserId, joinEvent.Seq));
        Assert.Equal([new RoomMember(alice.UserId, alice.Username, RoomRole.Owner), new RoomMember(bob.UserId, bob.Username, RoomRole.Member)], members);
        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.Equal(new SubscriptionEndedEvent(roomId, "left"), await bobChat.SubscriptionsEnded.NextAsync());
        Assert.Equal((RoomEventKind.MemberLeft, bob.UserId, 2L), (leaveEvent.Kind, leaveEvent.UserId, leaveEvent.Seq));
        Assert.DoesNotContain(roomId, (await bobChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct)).Select(room => room.RoomId));
        await ownerLeaves.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var replay = await bobChat.SubscribeAsync(roomId, 0);
        Assert.Equal([RoomEventKind.MemberJoined, RoomEventKind.MemberLeft], replay.Events.Select(e => e.Kind));
        Assert.Empty(replay.Messages);
    }

    [Fact]
    public async Task TheOwnerNamesAdminsWhoRenameTheRoomAndRemoveMembersButNotTheOwner()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var carol = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await using var carolChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, carol.Token);
        await bobChat.Connection.InvokeAsync<RoomInfo>("JoinRoom", roomId, Ct);
        await carolChat.Connection.InvokeAsync<RoomInfo>("JoinRoom", roomId, Ct);
        await carolChat.SubscribeAsync(roomId);

        await HubErrors.AssertHubErrorAsync("forbidden", () => carolChat.Connection.InvokeAsync<RoomInfo>("UpdateRoom", roomId, "Mine now", null, Ct));
        await HubErrors.AssertHubErrorAsync("forbidden", () => bobChat.Connection.InvokeAsync("RemoveMember", roomId, carol.UserId, Ct));
        using var named = await cluster.First.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/members/{bob.UserId}/role", alice.Token, new { role = "admin" });
        var updated = await bobChat.Connection.InvokeAsync<RoomInfo>("UpdateRoom", roomId, "Renamed", "What we talk about", Ct);
        await HubErrors.AssertHubErrorAsync("forbidden", () => bobChat.Connection.InvokeAsync("RemoveMember", roomId, alice.UserId, Ct));
        await HubErrors.AssertHubErrorAsync("forbidden", () => bobChat.Connection.InvokeAsync("SetRole", roomId, carol.UserId, RoomRole.Admin, Ct));
        await bobChat.Connection.InvokeAsync("RemoveMember", roomId, carol.UserId, Ct);
        using var carolRejoins = await cluster.Second.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/join", carol.Token);

        Assert.Equal(HttpStatusCode.NoContent, named.StatusCode);
        Assert.Equal(("Renamed", "What we talk about", RoomRole.Admin, alice.UserId), (updated.Name, updated.Topic, updated.Role, updated.OwnerId));
        var events = await carolChat.Events.NextAsync(2);
        Assert.Equal((RoomEventKind.RoleChanged, bob.UserId, RoomRole.Admin), (events[0].Kind, events[0].UserId, events[0].Role));
        Assert.Equal((RoomEventKind.RoomChanged, "Renamed", "What we talk about"), (events[1].Kind, events[1].Name, events[1].Topic));
        Assert.Equal(new SubscriptionEndedEvent(roomId, "removed"), await carolChat.SubscriptionsEnded.NextAsync());
        await carolRejoins.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task HandingOverOwnershipMakesTheOldOwnerAnAdminWhoMayThenLeave()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token, isPrivate: true);
        using var invited = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/members", alice.Token, new { username = bob.Username });
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);

        await aliceChat.Connection.InvokeAsync("SetRole", roomId, bob.UserId, RoomRole.Owner, Ct);
        var members = await aliceChat.Connection.InvokeAsync<RoomMember[]>("GetMembers", roomId, Ct);
        await aliceChat.Connection.InvokeAsync("LeaveRoom", roomId, Ct);
        using var bobsView = await cluster.Second.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/members", bob.Token);

        Assert.Equal([new RoomMember(bob.UserId, bob.Username, RoomRole.Owner), new RoomMember(alice.UserId, alice.Username, RoomRole.Admin)], members);
        Assert.Equal([new RoomMember(bob.UserId, bob.Username, RoomRole.Owner)], await bobsView.Content.ReadAsync<RoomMember[]>());
        await HubErrors.AssertHubErrorAsync("forbidden", () => aliceChat.SubscribeAsync(roomId));
    }

    [Fact]
    public async Task BadMembershipRequestsAreRefusedWithTheirCodes()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);

        using var badRole = await cluster.First.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/members/{alice.UserId}/role", alice.Token, new { role = "emperor" });
        using var numericRole = await cluster.First.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/members/{alice.UserId}/role", alice.Token, new { role = 2 });
        using var noRole = await cluster.First.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/members/{alice.UserId}/role", alice.Token, new { });
        using var ownRole = await cluster.First.Http.SendAsync(HttpMethod.Put, $"/api/rooms/{roomId}/members/{alice.UserId}/role", alice.Token, new { role = "member" });
        using var notAMember = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/members/nobody", alice.Token);
        using var longTopic = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}", alice.Token, new { topic = new string('t', ApiLimits.MaxTopicLength + 1) });
        using var controlTopic = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}", alice.Token, new { topic = "a\u0007b" });
        using var emptyName = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}", alice.Token, new { name = "  " });
        using var unknownRoom = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/no-such-room/join", alice.Token);
        using var badRoomId = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/Bad%20Id/leave", alice.Token);

        await badRole.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await numericRole.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await noRole.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await ownRole.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await notAMember.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await longTopic.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await controlTopic.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await emptyName.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await unknownRoom.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await badRoomId.AssertProblemAsync(HttpStatusCode.NotFound, "not_found"); // an id that cannot exist names no room
    }
}
