using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// What a subscriber missed: messages after its <c>sinceSeq</c>, ascending. <see cref="Truncated"/>
/// says older missed messages exist that are not included (page them with history).
/// </summary>
[GenerateSerializer, Immutable, Alias("room-replay")]
public sealed record RoomReplay(
    [property: Id(0)] RoomInfo Room,
    [property: Id(1)] ImmutableArray<ChatMessage> Messages,
    [property: Id(2)] long LatestSeq,
    [property: Id(3)] bool Truncated);
