namespace Parley.Grains.Rooms;

/// <summary>
/// Who is online in a room, per front-end. A user is online while any front-end says so; a
/// change is worth announcing only when that room-wide answer flips.
/// </summary>
internal sealed class PresenceBook
{
    private readonly Dictionary<string, Dictionary<string, UserProfile>> _byFrontend = [];

    public IEnumerable<UserProfile> Online =>
        _byFrontend.Values.SelectMany(users => users.Values).DistinctBy(user => user.UserId);

    /// <summary>Returns whether the user's room-wide presence flipped.</summary>
    public bool Set(string frontendId, UserProfile user, bool online)
    {
        var wasOnline = IsOnline(user.UserId);
        if (online)
        {
            Users(frontendId)[user.UserId] = user;
        }
        else if (_byFrontend.TryGetValue(frontendId, out var users))
        {
            users.Remove(user.UserId);
        }

        return wasOnline != IsOnline(user.UserId);
    }

    /// <summary>Replaces what a front-end reports; returns the flips it caused.</summary>
    public List<(UserProfile User, bool Online)> Replace(string frontendId, IEnumerable<UserProfile> online)
    {
        var before = Online.ToDictionary(user => user.UserId);
        var users = Users(frontendId);
        users.Clear();
        foreach (var user in online)
        {
            users[user.UserId] = user;
        }

        return Diff(before);
    }

    /// <summary>Forgets a front-end; returns the users who went offline because of it.</summary>
    public List<(UserProfile User, bool Online)> Remove(string frontendId)
    {
        var before = Online.ToDictionary(user => user.UserId);
        _byFrontend.Remove(frontendId);
        return Diff(before);
    }

    private List<(UserProfile User, bool Online)> Diff(Dictionary<string, UserProfile> before)
    {
        var after = Online.ToDictionary(user => user.UserId);
        var flips = after.Values.Where(user => !before.ContainsKey(user.UserId)).Select(user => (user, true)).ToList();
        flips.AddRange(before.Values.Where(user => !after.ContainsKey(user.UserId)).Select(user => (user, false)));
        return flips;
    }

    private bool IsOnline(string userId) => _byFrontend.Values.Any(users => users.ContainsKey(userId));

    private Dictionary<string, UserProfile> Users(string frontendId)
    {
        if (!_byFrontend.TryGetValue(frontendId, out var users))
        {
            _byFrontend[frontendId] = users = [];
        }

        return users;
    }
}
