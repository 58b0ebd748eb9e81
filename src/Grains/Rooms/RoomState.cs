using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>
/// A room's own row: what it is, who may enter, and where its history is. Messages live in
/// history pages and, until a page is full, in <see cref="RoomSegments"/>. Immutable: each change
/// swaps in a new instance, so a write always stores one consistent snapshot.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-state")]
internal sealed record RoomState
{
    [Id(0)] public bool Created { get; init; }
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public bool IsPrivate { get; init; }
    [Id(3)] public string CreatedBy { get; init; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Who belongs: in a private room those invited, in a public room whoever joined (public rooms
    /// admit everyone else too), in a direct room its two users. The creator (<see cref="CreatedBy"/>)
    /// of a room is its owner.
    /// </summary>
    [Id(5)] public ImmutableHashSet<string> Members { get; init; } = [];

    /// <summary>Every message up to this seq lives in history pages; a multiple of <see cref="RoomHistory.PageSize"/>.</summary>
    [Id(7)] public long PagedThroughSeq { get; init; }

    /// <summary>The first segment holding messages after <see cref="PagedThroughSeq"/>.</summary>
    [Id(9)] public long FirstSegment { get; init; }

    [Id(10)] public RoomKind Kind { get; init; }

    [Id(11)] public string Topic { get; init; } = "";

    /// <summary>The members' usernames, for the member list (members from before wave 2 may lack one).</summary>
    [Id(12)] public ImmutableDictionary<string, string> MemberNames { get; init; } = ImmutableDictionary<string, string>.Empty;

    [Id(13)] public ImmutableHashSet<string> Admins { get; init; } = [];

    /// <summary>Users removed from a public room: they may not come back until invited.</summary>
    [Id(14)] public ImmutableHashSet<string> Removed { get; init; } = [];
}
