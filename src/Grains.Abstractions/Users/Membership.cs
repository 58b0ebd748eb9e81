namespace Parley.Grains.Abstractions;

/// <summary>A room a user belongs to, and how far the user has read it.</summary>
[GenerateSerializer, Immutable, Alias("membership")]
public sealed record Membership(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long LastReadSeq);
