namespace Parley.Grains.Abstractions;

/// <summary>What a member may do: the owner names admins; owner and admins remove members and change the room.</summary>
public enum RoomRole
{
    Member,
    Admin,
    Owner,
}

/// <summary>A room anyone may be invited to, or a direct conversation of exactly two users.</summary>
public enum RoomKind
{
    Room,
    Direct,
}

[GenerateSerializer, Immutable, Alias("room-member")]
public sealed record RoomMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] RoomRole Role);
