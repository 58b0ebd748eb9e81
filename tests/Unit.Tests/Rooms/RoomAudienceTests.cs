using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Parley.Grains.Rooms;

namespace Parley.Unit.Tests.Rooms;

public sealed class RoomAudienceTests
{
    private static readonly UserProfile Alice = new("a", "alice");
    private static readonly UserProfile Bob = new("b", "bob");
    private static readonly UserProfile Carol = new("c", "carol");
    private readonly FakeTimeProvider _time = new();
    private readonly RoomAudience _audience;
    private readonly RecordingObserver _first = new();
    private readonly RecordingObserver _second = new();

    public RoomAudienceTests() => _audience = new RoomAudience("room", _time, presenceAnnounceLimit: 1000);

    [Fact]
    public void AUserOnlineOnTwoFrontEndsGoesOfflineOnlyWhenBothSaySo()
    {
        _audience.Attach(new FrontendLink("f1", _first), []);
        _audience.Attach(new FrontendLink("f2", _second), []);

        _audience.SetPresence("f1", Alice, online: true);
        _audience.SetPresence("f2", Alice, online: true);
        _audience.SetPresence("f1", Alice, online: false);
        Assert.Equal([Alice], _audience.Online);
        _audience.SetPresence("f2", Alice, online: false);

        Assert.Equal([true, false], _second.Presence.Select(change => change.Online));
        Assert.Empty(_audience.Online);
    }

    [Fact]
    public void AFrontEndThatStopsRenewingIsForgottenWithTheUsersOnlyItHad()
    {
        _audience.Attach(new FrontendLink("f1", _first), [Alice]);
        _audience.Attach(new FrontendLink("f2", _second), []);

        _time.Advance(FrontendLease.Duration / 2);
        _audience.Attach(new FrontendLink("f2", _second), []);
        _time.Advance(FrontendLease.Duration / 2);

        Assert.Empty(_audience.Online);
        Assert.Equal([false], _second.Presence.Select(change => change.Online));
        _audience.Notify(frontend => frontend.OnTypingAsync(new TypingNotice("room", Alice)));
        Assert.Empty(_first.Typing);
        Assert.Single(_second.Typing);
    }

    [Fact]
    public void PresenceIsAnnouncedOnlyWhileTheRoomHasNoMoreOnlineThanTheLimit()
    {
        var audience = new RoomAudience("room", _time, presenceAnnounceLimit: 2);
        audience.Attach(new FrontendLink("f1", _first), []);

        audience.SetPresence("f1", Alice, online: true);
        audience.SetPresence("f1", Bob, online: true);
        audience.SetPresence("f1", Carol, online: true);
        audience.SetPresence("f1", Carol, online: false);
        audience.SetPresence("f1", Bob, online: false);

        Assert.Equal(
            [("a", true), ("b", true), ("b", false)],
            _first.Presence.Select(change => (change.User.UserId, change.Online)));
        Assert.Equal([Alice], audience.Online);
    }

    [Fact]
    public void AFrontEndsReportReplacesItsUsersAndFlipsOnlyThoseOnNoOtherFrontEnd()
    {
        _audience.Attach(new FrontendLink("f1", _first), [Alice, Bob]);
        _audience.Attach(new FrontendLink("f2", _second), [Bob]);

        _audience.Attach(new FrontendLink("f1", _first), [Carol, Carol]);

        Assert.Equal(
            [("a", false), ("c", true)],
            _second.Presence.Select(change => (change.User.UserId, change.Online)).Order());
        Assert.Equal(["b", "c"], _audience.Online.Select(user => user.UserId).Order());
        _audience.Detach("f2");
        Assert.Equal(["c"], _audience.Online.Select(user => user.UserId));
    }

    private sealed class RecordingObserver : IFrontendObserver
    {
        public List<PresenceChanged> Presence { get; } = [];

        public List<TypingNotice> Typing { get; } = [];

        public Task OnMessagesAsync(string roomId, ImmutableArray<ChatMessage> messages) => Task.CompletedTask;

        public Task OnPresenceAsync(PresenceChanged change)
        {
            Presence.Add(change);
            return Task.CompletedTask;
        }

        public Task OnTypingAsync(TypingNotice notice)
        {
            Typing.Add(notice);
            return Task.CompletedTask;
        }

        public Task OnReadStateAsync(string userId, string roomId, long lastReadSeq) => Task.CompletedTask;

        public Task OnSessionsEndedAsync(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason) => Task.CompletedTask;
    }
}
