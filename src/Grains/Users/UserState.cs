namespace Parley.Grains.Users;

[GenerateSerializer, Alias("user-state")]
internal sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    /// <summary>Live sessions by key, with their expiry (expired ones are pruned on the next write).</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = [];

    [Id(2)] public SortedSet<string> Rooms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rooms this user has created, for <see cref="UserOptions.MaxRoomsCreated"/>.</summary>
    [Id(3)] public int RoomsCreated { get; set; }
}
