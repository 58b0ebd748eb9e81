namespace Parley.Grains.Users;

[GenerateSerializer, Alias("user-state")]
internal sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    /// <summary>Live sessions by key, with their expiry (expired ones are pruned on the next write).</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = [];

    /// <summary>The rooms the user belongs to (joined, invited, created, or direct conversations).</summary>
    [Id(2)] public SortedSet<string> Rooms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rooms this user has created, for <see cref="UserOptions.MaxRoomsCreated"/>.</summary>
    [Id(3)] public int RoomsCreated { get; set; }

    /// <summary>The last seq the user has read, per room.</summary>
    [Id(4)] public Dictionary<string, long> LastRead { get; set; } = [];
}
