namespace Parley.Grains.Abstractions;

/// <summary>A request to create a room; the creator becomes its first member.</summary>
[GenerateSerializer, Immutable, Alias("create-room")]
public sealed record CreateRoom(
    [property: Id(0)] UserProfile Creator,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsPrivate);
