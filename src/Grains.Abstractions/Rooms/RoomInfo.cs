namespace Parley.Grains.Abstractions;

/// <summary>A room as clients list it.</summary>
[GenerateSerializer, Immutable, Alias("room-info")]
public sealed record RoomInfo(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsPrivate,
    [property: Id(3)] long LatestSeq);
