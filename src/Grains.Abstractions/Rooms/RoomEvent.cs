namespace Parley.Grains.Abstractions;

/// <summary>What changed in a room, as an entry of its sequence (see <see cref="ChatMessage.Event"/>).</summary>
public enum RoomEventKind
{
    MessageEdited,
    MessageDeleted,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    RoleChanged,
    RoomChanged,
}

/// <summary>
/// The body of an event entry: which message (<see cref="TargetSeq"/>), member, role, name or
/// topic it concerns. Who did it and when are the entry's sender and time.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-event")]
public sealed record RoomEventBody(
    [property: Id(0)] RoomEventKind Kind,
    [property: Id(1)] long? TargetSeq = null,
    [property: Id(2)] string? Text = null,
    [property: Id(3)] UserProfile? Member = null,
    [property: Id(4)] RoomRole? Role = null,
    [property: Id(5)] string? Name = null,
    [property: Id(6)] string? Topic = null,
    [property: Id(7)] string? TargetMessageId = null);
