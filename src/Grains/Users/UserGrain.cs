using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Parley.Grains.Hosting;
using Parley.Grains.Realtime;
using Parley.Grains.Webhooks;

namespace Parley.Grains.Users;

internal sealed class UserGrain : Grain, IUserGrain
{
    private readonly IPersistentState<UserState> _user;
    private readonly GrainClock _clock;
    private readonly UserOptions _options;
    private readonly FrontendRegistry _frontends;
    private readonly SlidingWindow _roomCreations = new();
    private readonly SlidingWindow _invites = new();
    private WebhookFanout? _webhooks;

    public UserGrain([PersistentState("user", StorageNames.Parley)] IPersistentState<UserState> user, GrainClock clock, IOptions<UserOptions> options)
    {
        _user = user;
        _clock = clock;
        _options = options.Value;
        _frontends = new FrontendRegistry(clock.Time);
    }

    public async ValueTask InitializeAsync(UserProfile profile)
    {
        if (_user.State.Profile is not null)
        {
            throw new InvalidOperationException("User already initialized.");
        }

        _user.State.Profile = profile;
        _user.State.Rooms.Add(RoomId.General.Value);
        await _user.WriteStateAsync();
    }

    public ValueTask<UserProfile?> GetProfileAsync() => ValueTask.FromResult(_user.State.Profile);

    /// <summary>Records a new session; beyond <see cref="UserOptions.MaxActiveSessions"/> the oldest ones end.</summary>
    public async ValueTask AddSessionAsync(string sessionKey, DateTimeOffset expiresAt)
    {
        PruneExpiredSessions();
        _user.State.Sessions[sessionKey] = expiresAt;
        var oldest = _user.State.Sessions.OrderBy(s => s.Value).Take(_user.State.Sessions.Count - _options.MaxActiveSessions).Select(s => s.Key).ToImmutableArray();
        if (!oldest.IsEmpty)
        {
            await Task.WhenAll(oldest.Select(key => GrainFactory.GetSession(key).RevokeAsync(SessionEndReason.Logout).AsTask()));
            foreach (var key in oldest)
            {
                _user.State.Sessions.Remove(key);
            }
        }

        await _user.WriteStateAsync();
        PublishSessionEvents(WebhookEventTypes.SessionStarted, [sessionKey], null);
        NotifySessionsEnded(oldest, SessionEndReason.Logout);
    }

    public async ValueTask EndSessionAsync(string sessionKey, SessionEndReason reason)
    {
        await GrainFactory.GetSession(sessionKey).RevokeAsync(reason);
        _user.State.Sessions.Remove(sessionKey);
        await _user.WriteStateAsync();
        NotifySessionsEnded([sessionKey], reason);
    }

    public async ValueTask EndAllSessionsAsync(SessionEndReason reason)
    {
        var keys = _user.State.Sessions.Keys.ToImmutableArray();
        await Task.WhenAll(keys.Select(key => GrainFactory.GetSession(key).RevokeAsync(reason).AsTask()));
        _user.State.Sessions.Clear();
        await _user.WriteStateAsync();
        NotifySessionsEnded(keys, reason);
    }

    public ValueTask<ImmutableArray<string>> GetSessionKeysAsync()
    {
        var now = _clock.UtcNow;
        return ValueTask.FromResult(_user.State.Sessions.Where(s => s.Value > now).Select(s => s.Key).ToImmutableArray());
    }

    public async ValueTask AddRoomAsync(string roomId)
    {
        if (_user.State.Rooms.Add(roomId))
        {
            await _user.WriteStateAsync();
        }
    }

    public async ValueTask RemoveRoomAsync(string roomId)
    {
        var removed = _user.State.Rooms.Remove(roomId);
        if (_user.State.LastRead.Remove(roomId) || removed)
        {
            await _user.WriteStateAsync();
        }
    }

    public ValueTask<ImmutableArray<Membership>> GetMembershipsAsync() =>
        ValueTask.FromResult(_user.State.Rooms.Select(roomId => new Membership(roomId, _user.State.LastRead.GetValueOrDefault(roomId))).ToImmutableArray());

    public async ValueTask<long> MarkReadAsync(string roomId, long seq)
    {
        if (!_user.State.Rooms.Contains(roomId))
        {
            throw new ParleyException(ParleyErrorCode.NotFound, $"room '{roomId}' is not in your list");
        }

        var lastRead = _user.State.LastRead.GetValueOrDefault(roomId);
        if (seq > lastRead)
        {
            _user.State.LastRead[roomId] = lastRead = seq;
            await _user.WriteStateAsync();
            var userId = this.GetPrimaryKeyString();
            _frontends.RemoveExpired();
            _frontends.ForEach(frontend => frontend.OnReadStateAsync(userId, roomId, seq).Ignore());
        }

        return lastRead;
    }

    public async ValueTask AdmitRoomCreationAsync()
    {
        if (_user.State.RoomsCreated >= _options.MaxRoomsCreated)
        {
            throw new ParleyException(ParleyErrorCode.LimitExceeded, $"a user may create at most {_options.MaxRoomsCreated} rooms");
        }

        _roomCreations.Admit(_clock.UtcNow, _options.RoomCreationsPerMinute, "rooms created");
        _user.State.RoomsCreated++;
        await _user.WriteStateAsync();
    }

    public ValueTask AdmitInviteAsync()
    {
        _invites.Admit(_clock.UtcNow, _options.InvitesPerMinute, "invitations");
        return ValueTask.CompletedTask;
    }

    public ValueTask<ImmutableArray<string>> GetRoomIdsAsync() => ValueTask.FromResult(_user.State.Rooms.ToImmutableArray());

    public ValueTask AttachFrontendAsync(FrontendLink link)
    {
        _frontends.Renew(link);
        return ValueTask.CompletedTask;
    }

    public ValueTask DetachFrontendAsync(string frontendId)
    {
        _frontends.Remove(frontendId);
        return ValueTask.CompletedTask;
    }

    private void NotifySessionsEnded(ImmutableArray<string> keys, SessionEndReason reason)
    {
        if (keys.IsEmpty)
        {
            return;
        }

        _frontends.RemoveExpired();
        var userId = this.GetPrimaryKeyString();
        _frontends.ForEach(frontend => frontend.OnSessionsEndedAsync(userId, keys, reason).Ignore());
        PublishSessionEvents(WebhookEventTypes.SessionEnded, keys, reason);
    }

    /// <summary><c>session.started</c> / <c>session.ended</c> for webhooks: the session id is the key the access tokens call <c>sid</c>.</summary>
    private void PublishSessionEvents(string type, ImmutableArray<string> keys, SessionEndReason? reason)
    {
        var user = _user.State.Profile;
        if (user is null)
        {
            return;
        }

        _webhooks ??= new WebhookFanout(GrainFactory, _clock.Time);
        var at = _clock.UtcNow;
        _webhooks.PublishAsync(() =>
        [
            .. keys.Select(key => new WebhookEvent(
                $"{type}:{key}",
                type,
                at,
                null,
                null,
                ImmutableDictionary<string, string?>.Empty
                    .Add("userId", user.UserId)
                    .Add("username", user.Username)
                    .Add("sessionId", key)
                    .Add("reason", reason?.ToString().ToLowerInvariant()))),
        ]).Ignore();
    }

    private void PruneExpiredSessions()
    {
        var now = _clock.UtcNow;
        foreach (var key in _user.State.Sessions.Where(s => s.Value <= now).Select(s => s.Key).ToList())
        {
            _user.State.Sessions.Remove(key);
        }
    }
}
