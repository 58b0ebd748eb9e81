namespace Parley.Grains.Rooms;

/// <summary>
/// Who is online in a room, per front-end. A user is online while any front-end says so; a
/// change is worth announcing only when that room-wide answer flips. Counts are kept per user so
/// that a join into a room of thousands costs the same as into a room of two.
/// </summary>
internal sealed class PresenceBook
{
    private readonly Dictionary<string, Dictionary<string, UserProfile>> _byFrontend = [];
    private readonly Dictionary<string, (UserProfile User, int Frontends)> _online = [];

    public IEnumerable<UserProfile> Online => _online.Values.Select(entry => entry.User);

    /// <summary>Users online room-wide.</summary>
    public int Count => _online.Count;

    /// <summary>Returns whether the user's room-wide presence flipped.</summary>
    public bool Set(string frontendId, UserProfile user, bool online)
    {
        if (online)
        {
            return Add(Users(frontendId), user);
        }

        return _byFrontend.TryGetValue(frontendId, out var users) && Drop(users, user.UserId) is not null;
    }

    /// <summary>Replaces what a front-end reports; returns the flips it caused.</summary>
    public List<(UserProfile User, bool Online)> Replace(string frontendId, IEnumerable<UserProfile> online)
    {
        var users = Users(frontendId);
        var reported = online.DistinctBy(user => user.UserId).ToDictionary(user => user.UserId);
        var flips = new List<(UserProfile, bool)>();
        foreach (var userId in users.Keys.Where(userId => !reported.ContainsKey(userId)).ToList())
        {
            if (Drop(users, userId) is { } gone)
            {
                flips.Add((gone, false));
            }
        }

        foreach (var user in reported.Values)
        {
            if (Add(users, user))
            {
                flips.Add((user, true));
            }
        }

        return flips;
    }

    /// <summary>Forgets a front-end; returns the users who went offline because of it.</summary>
    public List<(UserProfile User, bool Online)> Remove(string frontendId)
    {
        if (!_byFrontend.Remove(frontendId, out var users))
        {
            return [];
        }

        var flips = new List<(UserProfile, bool)>();
        foreach (var user in users.Values)
        {
            if (Release(user.UserId) is { } gone)
            {
                flips.Add((gone, false));
            }
        }

        return flips;
    }

    /// <summary>Adds the user to a front-end's set; returns whether the user came online room-wide.</summary>
    private bool Add(Dictionary<string, UserProfile> users, UserProfile user)
    {
        var known = users.ContainsKey(user.UserId);
        users[user.UserId] = user;
        var frontends = _online.TryGetValue(user.UserId, out var entry) ? entry.Frontends : 0;
        _online[user.UserId] = (user, known ? frontends : frontends + 1);
        return frontends == 0;
    }

    /// <summary>Takes the user off a front-end's set; returns the user if that took them offline room-wide.</summary>
    private UserProfile? Drop(Dictionary<string, UserProfile> users, string userId) =>
        users.Remove(userId) ? Release(userId) : null;

    private UserProfile? Release(string userId)
    {
        var (user, frontends) = _online[userId];
        if (frontends > 1)
        {
            _online[userId] = (user, frontends - 1);
            return null;
        }

        _online.Remove(userId);
        return user;
    }

    private Dictionary<string, UserProfile> Users(string frontendId)
    {
        if (!_byFrontend.TryGetValue(frontendId, out var users))
        {
            _byFrontend[frontendId] = users = [];
        }

        return users;
    }
}
