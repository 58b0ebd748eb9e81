using System.Collections.Immutable;
using Parley.Grains.Realtime;

namespace Parley.Grains.Rooms;

/// <summary>
/// Who listens to a room: the front-ends it pushes to (each with a lease it renews) and who is
/// online on each. A user's room-wide presence flips are announced to every front-end while the
/// room has at most <see cref="RoomOptions.PresenceAnnounceLimit"/> users online.
/// </summary>
internal sealed class RoomAudience(string roomId, TimeProvider time, int presenceAnnounceLimit)
{
    private readonly FrontendRegistry _frontends = new(time);
    private readonly PresenceBook _presence = new();

    public bool IsEmpty => _frontends.IsEmpty;

    /// <summary>Who is online here, on front-ends whose lease is current.</summary>
    public ImmutableArray<UserProfile> Online
    {
        get
        {
            ForgetExpired();
            return [.. _presence.Online];
        }
    }

    /// <summary>Registers or renews a front-end and replaces who it says is online.</summary>
    public void Attach(FrontendLink link, IEnumerable<UserProfile> onlineUsers)
    {
        ForgetExpired();
        _frontends.Renew(link);
        Announce(_presence.Replace(link.FrontendId, onlineUsers));
    }

    public void Detach(string frontendId)
    {
        _frontends.Remove(frontendId);
        Announce(_presence.Remove(frontendId));
    }

    public void SetPresence(string frontendId, UserProfile user, bool online)
    {
        if (_presence.Set(frontendId, user, online))
        {
            Announce([(user, online)]);
        }
    }

    /// <summary>Sends a one-way push to every registered front-end.</summary>
    public void Notify(Func<IFrontendObserver, Task> push) => _frontends.ForEach(frontend => push(frontend).Ignore());

    private void ForgetExpired()
    {
        foreach (var frontendId in _frontends.RemoveExpired())
        {
            Announce(_presence.Remove(frontendId));
        }
    }

    private void Announce(IEnumerable<(UserProfile User, bool Online)> flips)
    {
        foreach (var (user, online) in flips)
        {
            var onlineCountingTheUser = online ? _presence.Count : _presence.Count + 1;
            if (onlineCountingTheUser > presenceAnnounceLimit)
            {
                continue;
            }

            var change = new PresenceChanged(roomId, user, online);
            Notify(frontend => frontend.OnPresenceAsync(change));
        }
    }
}
