namespace Parley.Grains.Abstractions;

/// <summary>
/// A room as one user sees it. API v1's four members first; then what wave 2 added: the room's
/// kind, topic and owner, the caller's role, and (in room lists) the caller's read state, unread
/// messages and the time of the last entry. For a direct conversation <see cref="Name"/> is the
/// other user's name and <see cref="Peer"/> the other user.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-info")]
public sealed record RoomInfo(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsPrivate,
    [property: Id(3)] long LatestSeq,
    [property: Id(4)] RoomKind Kind = RoomKind.Room,
    [property: Id(5)] string Topic = "",
    [property: Id(6)] string? OwnerId = null,
    [property: Id(7)] RoomRole? Role = null,
    [property: Id(8)] UserProfile? Peer = null,
    [property: Id(9)] long? LastReadSeq = null,
    [property: Id(10)] int? Unread = null,
    [property: Id(11)] DateTimeOffset? LastActivityAt = null);
