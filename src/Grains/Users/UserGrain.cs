using System.Collections.Immutable;
using Parley.Grains.Hosting;
using Parley.Grains.Realtime;

namespace Parley.Grains.Users;

internal sealed class UserGrain : Grain, IUserGrain
{
    private readonly IPersistentState<UserState> _user;
    private readonly GrainClock _clock;
    private readonly FrontendRegistry _frontends;

    public UserGrain([PersistentState("user", StorageNames.Parley)] IPersistentState<UserState> user, GrainClock clock)
    {
        _user = user;
        _clock = clock;
        _frontends = new FrontendRegistry(clock.Time);
    }

    public async ValueTask InitializeAsync(UserProfile profile)
    {
        if (_user.State.Profile is not null)
        {
            throw new InvalidOperationException("User already initialized.");
        }

        _user.State.Profile = profile;
        await _user.WriteStateAsync();
    }

    public ValueTask<UserProfile?> GetProfileAsync() => ValueTask.FromResult(_user.State.Profile);

    public async ValueTask AddSessionAsync(string sessionKey, DateTimeOffset expiresAt)
    {
        PruneExpiredSessions();
        _user.State.Sessions[sessionKey] = expiresAt;
        await _user.WriteStateAsync();
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
