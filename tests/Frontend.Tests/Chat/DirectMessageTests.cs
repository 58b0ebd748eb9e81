using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Frontend.Tests.Chat;

[Collection(nameof(TwoFrontendsCollection))]
public sealed class DirectMessageTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BothSidesOpenTheSamePrivateConversationAndBothListIt()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var carol = await cluster.Second.Http.RegisterAndLoginAsync();

        using var opened = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/direct", alice.Token, new { username = bob.Username });
        var fromAlice = await opened.Content.ReadAsync<RoomInfo>();
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        var fromBob = await bobChat.Connection.InvokeAsync<RoomInfo>("OpenDirect", alice.Username.ToUpperInvariant(), Ct);
        await bobChat.SubscribeAsync(fromBob.RoomId);
        var hello = (await cluster.First.Http.TryPostAsync(alice.Token, fromAlice.RoomId, "hi bob", "dm-1"))!;
        using var alicesList = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/rooms", alice.Token);
        using var carolReads = await cluster.Second.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{fromAlice.RoomId}/messages", carol.Token);
        using var carolPosts = await cluster.Second.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{fromAlice.RoomId}/messages", carol.Token, new { text = "me too" });
        using var carolInvited = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{fromAlice.RoomId}/members", alice.Token, new { username = carol.Username });
        using var carolCreates = await cluster.Second.Http.SendAsync(HttpMethod.Post, "/api/rooms", carol.Token, new { roomId = fromAlice.RoomId, name = "mine", isPrivate = false });

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(fromAlice.RoomId, fromBob.RoomId);
        Assert.StartsWith("dm-", fromAlice.RoomId, StringComparison.Ordinal);
        Assert.Equal((RoomKind.Direct, true, bob.Username, bob.UserId), (fromAlice.Kind, fromAlice.IsPrivate, fromAlice.Name, fromAlice.Peer?.UserId));
        Assert.Equal((alice.Username, alice.UserId), (fromBob.Name, fromBob.Peer?.UserId));
        Assert.Equal(hello, await bobChat.Messages.NextAsync());
        var listed = Assert.Single(await alicesList.Content.ReadAsync<RoomInfo[]>(), room => room.RoomId == fromAlice.RoomId);
        Assert.Equal((RoomKind.Direct, bob.Username, 1L), (listed.Kind, listed.Name, listed.LatestSeq));
        Assert.Contains(fromBob.RoomId, (await bobChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct)).Select(room => room.RoomId));
        await carolReads.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await carolPosts.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await carolInvited.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await carolCreates.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_room_id");
    }

    [Fact]
    public async Task AConversationWithOneselfOrNobodyIsRefused()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();

        using var self = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/direct", alice.Token, new { username = alice.Username });
        using var nobody = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/direct", alice.Token, new { username = "no-such-user" });
        using var missing = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/direct", alice.Token, new { });
        using var anonymous = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/direct", null, new { username = alice.Username });

        await self.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await nobody.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
