using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Frontend.Tests;

[Collection(nameof(TwoFrontendsCollection))]
public sealed class ChatHubTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsersOnDifferentFrontendsExchangeMessagesInARoom()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await aliceChat.SubscribeAsync(roomId);
        await bobChat.SubscribeAsync(roomId);

        var fromAlice = await aliceChat.SendAsync(roomId, "hi bob");
        Assert.Equal(fromAlice, await bobChat.Messages.NextAsync());
        var fromBob = await bobChat.SendAsync(roomId, "hi alice");
        Assert.Equal(fromBob, await aliceChat.Messages.NextMatchingAsync(m => m.Seq == fromBob.Seq));

        Assert.Equal((1L, 2L), (fromAlice.Seq, fromBob.Seq));
    }

    [Fact]
    public async Task EverySubscriberGetsEachMessageOnceInSeqOrder()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var carol = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await using var carolOnFirst = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, carol.Token);
        await using var carolOnSecond = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, carol.Token);
        foreach (var client in new[] { aliceChat, bobChat, carolOnFirst, carolOnSecond })
        {
            await client.SubscribeAsync(roomId);
        }

        var sends = Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? aliceChat : bobChat).SendAsync(roomId, $"m{i}"));
        await Task.WhenAll(sends);

        foreach (var client in new[] { carolOnFirst, carolOnSecond, aliceChat })
        {
            var received = await client.Messages.NextAsync(60);
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), received.Select(m => m.Seq));
        }
    }

    [Fact]
    public async Task ASendersConnectionGetsItsMessageBeforeTheAcknowledgement()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        foreach (var frontend in new[] { cluster.First, cluster.Second })
        {
            using var sender = await RawHubClient.ConnectAsync(frontend.BaseUrl, alice.Token);
            await sender.InvokeAsync("Subscribe", roomId, null);

            for (var i = 0; i < 30; i++)
            {
                var frames = await sender.InvokeAsync("SendMessage", roomId, $"m{i}", null);

                var acknowledged = frames[^1].GetProperty("result").GetProperty("seq").GetInt64();
                var events = frames.SkipLast(1).Where(f => f.GetProperty("type").GetInt32() == 1 && f.GetProperty("target").GetString() == "Message");
                Assert.True(events.Any(e => e.GetProperty("arguments")[0].GetProperty("seq").GetInt64() == acknowledged), $"{frontend.BaseUrl} seq {acknowledged}: {string.Join(" ", frames)}");
            }
        }
    }

    [Fact]
    public async Task AClientThatMissedMessagesGetsExactlyThoseWhenItResubscribes()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await aliceChat.SubscribeAsync(roomId);
        long lastSeen;
        await using (var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token))
        {
            await bobChat.SubscribeAsync(roomId);
            await aliceChat.SendAsync(roomId, "before");
            lastSeen = (await bobChat.Messages.NextAsync()).Seq;
        }

        var missed = new List<ChatMessage>();
        for (var i = 0; i < 20; i++)
        {
            missed.Add(await aliceChat.SendAsync(roomId, $"missed {i}"));
        }

        await using var bobAgain = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        var replay = await bobAgain.SubscribeAsync(roomId, lastSeen);
        var after = await aliceChat.SendAsync(roomId, "after");

        Assert.Equal(missed, replay.Messages);
        Assert.False(replay.Truncated);
        Assert.Equal(after, await bobAgain.Messages.NextAsync());
    }

    [Fact]
    public async Task ResubscribingAfterMoreThan500MissedMessagesIsTruncated()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        for (var start = 0; start < 510; start += 51)
        {
            await Task.WhenAll(Enumerable.Range(start, 51).Select(i => aliceChat.SendAsync(roomId, $"m{i}")));
        }

        var replay = await aliceChat.SubscribeAsync(roomId, 0);
        var newest = await aliceChat.SubscribeAsync(roomId);

        Assert.Equal(500, replay.Messages.Count);
        Assert.Equal(510, replay.Messages[^1].Seq);
        Assert.True(replay.Truncated);
        Assert.Equal(50, newest.Messages.Count);
    }

    [Fact]
    public async Task LogoutThroughOneFrontendEndsTheSessionsConnectionOnTheOtherWithinTwoSeconds()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var stillLoggedIn = await cluster.First.Http.LoginAsync(alice.Username);
        await using var onSecond = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, alice.Token);
        await using var otherSession = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, stillLoggedIn.Token);

        using var logout = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/auth/logout", alice.Token);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal("logout", (await onSecond.SessionEnded.NextAsync(TimeSpan.FromSeconds(2))).Reason);
        await onSecond.Closed.Task.WaitAsync(TimeSpan.FromSeconds(2), Ct);
        Assert.Equal(HubConnectionState.Connected, otherSession.Connection.State);
        Assert.NotEmpty(await otherSession.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct));
    }

    [Fact]
    public async Task LogoutAllEndsEveryConnectionOfTheUserOnEveryFrontend()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var second = await cluster.Second.Http.LoginAsync(alice.Username);
        await using var onFirst = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var onSecond = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, second.Token);

        using var logout = await cluster.Second.Http.SendAsync(HttpMethod.Post, "/api/auth/logout-all", second.Token);

        Assert.Equal("logout_all", (await onFirst.SessionEnded.NextAsync(TimeSpan.FromSeconds(2))).Reason);
        Assert.Equal("logout_all", (await onSecond.SessionEnded.NextAsync(TimeSpan.FromSeconds(2))).Reason);
        await Task.WhenAll(onFirst.Closed.Task, onSecond.Closed.Task).WaitAsync(TimeSpan.FromSeconds(2), Ct);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task NegotiateWithoutAValidTokenIsUnauthorized(string? token)
    {
        var url = token is null ? "/hubs/chat/negotiate?negotiateVersion=1" : $"/hubs/chat/negotiate?negotiateVersion=1&access_token={token}";

        using var response = await cluster.Second.Http.PostAsync(url, null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ChatTestClient.ConnectAsync(cluster.First.BaseUrl, token ?? ""));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputGetsItsErrorCodeAndTheConnectionStaysUsable()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        await using var chat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, alice.Token);

        await HubErrors.AssertHubErrorAsync("not_found", () => chat.SubscribeAsync("no-such-room"));
        await HubErrors.AssertHubErrorAsync("not_found", () => chat.SubscribeAsync("Not A Room Id!"));
        await HubErrors.AssertHubErrorAsync("message_too_long", () => chat.SendAsync("general", new string('x', 4001)));
        await HubErrors.AssertHubErrorAsync("empty_message", () => chat.SendAsync("general", " "));
        await HubErrors.AssertHubErrorAsync("invalid_argument", () => chat.Connection.InvokeAsync<ChatMessage[]>("GetHistory", "general", "yesterday", "many", Ct));
        await HubErrors.AssertHubErrorAsync("invalid_argument", () => chat.Connection.InvokeAsync<ChatMessage[]>("GetHistory", "general", null, 100_000, Ct));
        await HubErrors.AssertHubErrorAsync("invalid_room_id", () => chat.Connection.InvokeAsync<RoomInfo>("CreateRoom", "Bad Id", "x", false, Ct));
        await HubErrors.AssertHubErrorAsync("not_found", () => chat.Connection.InvokeAsync<object>("NoSuchMethod", Ct));

        Assert.Equal(HubConnectionState.Connected, chat.Connection.State);
        Assert.Equal("still fine", (await chat.SendAsync("general", "still fine")).Text);
        using var health = await cluster.Second.Http.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task OptionalArgumentsMayBeLeftOut()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        await using var chat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);

        var subscribed = await chat.Connection.InvokeAsync<Hubs.SubscribeResult>("Subscribe", "general", Ct);
        var sent = await chat.Connection.InvokeAsync<ChatMessage>("SendMessage", "general", "no client id", Ct);

        Assert.Equal("general", subscribed.Room.RoomId);
        Assert.Null(sent.ClientMessageId);
    }

    [Fact]
    public async Task ARepeatedClientMessageIdIsStoredAndDeliveredOnce()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var sender = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var watcher = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, alice.Token);
        await watcher.SubscribeAsync(roomId);

        var first = await sender.SendAsync(roomId, "once", "same-id");
        var retry = await sender.SendAsync(roomId, "once", "same-id");
        var next = await sender.SendAsync(roomId, "next");

        Assert.Equal(first, retry);
        Assert.Equal([first, next], await watcher.Messages.NextAsync(2));
    }

    [Fact]
    public async Task APrivateRoomIsInvisibleAndUnusableForANonMemberUntilInvited()
    {
        var owner = await cluster.First.Http.RegisterAndLoginAsync();
        var outsider = await cluster.Second.Http.RegisterAndLoginAsync();
        await using var ownerChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, owner.Token);
        await using var outsiderChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, outsider.Token);
        var roomId = $"secret-{Guid.NewGuid():N}";
        await ownerChat.Connection.InvokeAsync<RoomInfo>("CreateRoom", roomId, "Secret", true, Ct);

        Assert.DoesNotContain(roomId, (await outsiderChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct)).Select(r => r.RoomId));
        await HubErrors.AssertHubErrorAsync("forbidden", () => outsiderChat.SubscribeAsync(roomId));
        await HubErrors.AssertHubErrorAsync("forbidden", () => outsiderChat.SendAsync(roomId, "let me in"));
        await HubErrors.AssertHubErrorAsync("forbidden", () => outsiderChat.Connection.InvokeAsync<ChatMessage[]>("GetHistory", roomId, null, 10, Ct));
        await HubErrors.AssertHubErrorAsync("not_found", () => ownerChat.Connection.InvokeAsync("InviteToRoom", roomId, RestClient.UniqueName(), Ct));

        await ownerChat.Connection.InvokeAsync("InviteToRoom", roomId, outsider.Username, Ct);

        Assert.Contains(roomId, (await outsiderChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct)).Select(r => r.RoomId));
        Assert.Equal(1, (await outsiderChat.SendAsync(roomId, "thanks")).Seq);
    }

    [Fact]
    public async Task PresenceAndTypingCrossFrontends()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await aliceChat.SubscribeAsync(roomId);
        var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await bobChat.SubscribeAsync(roomId);

        Assert.Equal(new Hubs.PresenceEvent(roomId, bob.UserId, bob.Username, true), await aliceChat.Presence.NextMatchingAsync(p => p.UserId == bob.UserId));
        var present = await bobChat.Connection.InvokeAsync<UserProfile[]>("GetPresence", roomId, Ct);
        Assert.Equal(new[] { alice.Username, bob.Username }.Order(), present.Select(u => u.Username).Order());

        await bobChat.Connection.InvokeAsync("Typing", roomId, Ct);
        Assert.Equal(new Hubs.TypingEvent(roomId, bob.UserId, bob.Username), await aliceChat.Typing.NextAsync());

        await bobChat.DisposeAsync();
        Assert.Equal(new Hubs.PresenceEvent(roomId, bob.UserId, bob.Username, false), await aliceChat.Presence.NextMatchingAsync(p => p.UserId == bob.UserId));
    }

    private async Task<string> CreateRoomAsync(string token)
    {
        var roomId = $"r-{Guid.NewGuid():N}";
        using var response = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", token, new { roomId, name = "Room", isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadAsync<RoomInfo>()).RoomId;
    }
}
