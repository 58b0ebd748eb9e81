using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>
/// A room's persisted state. Immutable: each change swaps in a new instance, so a write always
/// stores one consistent snapshot even while the next sends are being accepted.
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

    [Id(6)] public long LatestSeq { get; init; }

    /// <summary>Every message up to this seq lives in history pages; a multiple of <see cref="RoomHistory.PageSize"/>.</summary>
    [Id(7)] public long PagedThroughSeq { get; init; }

    /// <summary>Messages after <see cref="PagedThroughSeq"/>, ascending and contiguous.</summary>
    [Id(8)] public ImmutableList<ChatMessage> Tail { get; init; } = [];
}
