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

    /// <summary>Members of a private room. Public rooms admit everyone and keep no list.</summary>
    [Id(5)] public ImmutableHashSet<string> Members { get; init; } = [];

    /// <summary>Every message up to this seq lives in history pages; a multiple of <see cref="RoomHistory.PageSize"/>.</summary>
    [Id(7)] public long PagedThroughSeq { get; init; }

    /// <summary>The first segment holding messages after <see cref="PagedThroughSeq"/>.</summary>
    [Id(9)] public long FirstSegment { get; init; }
}
