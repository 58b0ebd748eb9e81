namespace Parley.Grains.Tests;

[Collection(nameof(ClusterCollection))]
public sealed class RoomRealtimeTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task StoredMessagesArePushedToEachAttachedFrontendOnce()
    {
        var user = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(user);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        var first = new RecordingFrontend();
        var second = new RecordingFrontend();
        await room.AttachFrontendAsync(first.Link(Grains), []);
        await room.AttachFrontendAsync(second.Link(Grains), []);

        var sent = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Grains.SendAsync(info.RoomId, user, $"m{i}")));

        foreach (var frontend in new[] { first, second })
        {
            var received = new List<long>();
            for (var i = 0; i < sent.Length; i++)
            {
                received.Add((await frontend.Messages.NextAsync()).Seq);
            }

            // Pushes are one-way calls and may overtake each other; front-ends reorder by seq.
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received.Order());
        }
    }

    [Fact]
    public async Task AttachReturnsTheLatestSeqSoAFrontendCanFillAGap()
    {
        var user = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(user);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        await Grains.SendAsync(info.RoomId, user, "one");
        await Grains.SendAsync(info.RoomId, user, "two");

        var latest = await room.AttachFrontendAsync(new RecordingFrontend().Link(Grains), []);
        var gap = await room.GetRangeAsync(0, latest);

        Assert.Equal(2, latest);
        Assert.Equal(["one", "two"], gap.Select(m => m.Text));
    }

    [Fact]
    public async Task PresenceFlipsOnlyWithTheFirstAndLastFrontendOfAUser()
    {
        var user = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(user);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        var watcher = new RecordingFrontend();
        await room.AttachFrontendAsync(watcher.Link(Grains), []);

        await room.SetPresenceAsync("frontend-a", user, online: true);
        await room.SetPresenceAsync("frontend-b", user, online: true);
        await room.SetPresenceAsync("frontend-a", user, online: false);
        Assert.Equal([user], await room.GetPresenceAsync(user.UserId));
        await room.SetPresenceAsync("frontend-b", user, online: false);

        Assert.Equal(new PresenceChanged(info.RoomId, user, true), await watcher.Presence.NextAsync());
        Assert.Equal(new PresenceChanged(info.RoomId, user, false), await watcher.Presence.NextAsync());
        Assert.Empty(await room.GetPresenceAsync(user.UserId));
    }

    [Fact]
    public async Task UsersOfAFrontendThatStopsRenewingGoOffline()
    {
        var user = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(user);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        var dying = new RecordingFrontend();
        await room.AttachFrontendAsync(dying.Link(Grains), [user]);
        Assert.Equal([user], await room.GetPresenceAsync(user.UserId));

        ClusterFixture.Time.Advance(FrontendLease.Duration);

        Assert.Empty(await room.GetPresenceAsync(user.UserId));
    }

    [Fact]
    public async Task TypingIsRelayedButNeverStored()
    {
        var user = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(user);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        var frontend = new RecordingFrontend();
        await room.AttachFrontendAsync(frontend.Link(Grains), []);

        await room.TypingAsync(user);

        Assert.Equal(new TypingNotice(info.RoomId, user), await frontend.Typing.NextAsync());
        Assert.Equal(0, (await room.GetInfoAsync(user.UserId)).LatestSeq);
    }
}
