namespace Parley.Grains.Abstractions;

/// <summary>A user came online in a room (first connection) or went offline (last one left).</summary>
[GenerateSerializer, Immutable, Alias("presence-changed")]
public sealed record PresenceChanged(
    [property: Id(0)] string RoomId,
    [property: Id(1)] UserProfile User,
    [property: Id(2)] bool Online);

/// <summary>A user is typing in a room. Ephemeral: never stored.</summary>
[GenerateSerializer, Immutable, Alias("typing")]
public sealed record TypingNotice(
    [property: Id(0)] string RoomId,
    [property: Id(1)] UserProfile User);
