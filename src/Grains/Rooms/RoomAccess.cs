namespace Parley.Grains.Rooms;

/// <summary>Who may do what in a room, from its state alone.</summary>
internal static class RoomAccess
{
    public static bool IsMember(this RoomState room, string userId) => room.Members.Contains(userId);

    /// <summary>Whether the user may read and post: members, anyone not removed from a public room, and services.</summary>
    public static bool CanAccess(this RoomState room, string userId) => ServiceIdentity.IsService(userId) || (room.Kind == RoomKind.Room && !room.IsPrivate
        ? !room.Removed.Contains(userId)
        : room.IsMember(userId));

    public static RoomRole? RoleOf(this RoomState room, string userId) => room switch
    {
        _ when ServiceIdentity.IsService(userId) => RoomRole.Admin,
        { Kind: RoomKind.Room } when room.CreatedBy == userId => RoomRole.Owner,
        { Kind: RoomKind.Room } when room.Admins.Contains(userId) && room.IsMember(userId) => RoomRole.Admin,
        _ when room.IsMember(userId) => RoomRole.Member,
        _ => null,
    };

    /// <summary>Owner and admins change the room and remove members; a direct room has neither.</summary>
    public static bool CanManage(this RoomState room, string userId) => room.RoleOf(userId) is RoomRole.Owner or RoomRole.Admin;

    /// <summary>The owner removes anyone but itself; an admin removes plain members.</summary>
    public static bool CanRemove(this RoomState room, string actorId, string userId) => (room.RoleOf(actorId), room.RoleOf(userId)) switch
    {
        (RoomRole.Owner, RoomRole.Member or RoomRole.Admin) => true,
        (RoomRole.Admin, RoomRole.Member) => true,
        _ => false,
    };

    /// <summary>The sender deletes its own message; owner and admins any message.</summary>
    public static bool CanDelete(this RoomState room, string actorId, ChatMessage message) =>
        message.SenderId == actorId || room.CanManage(actorId);

    public static RoomState WithMember(this RoomState room, UserProfile user) => room with
    {
        Members = room.Members.Add(user.UserId),
        MemberNames = room.MemberNames.SetItem(user.UserId, user.Username),
        Removed = room.Removed.Remove(user.UserId),
    };

    public static RoomState WithoutMember(this RoomState room, string userId, bool removed) => room with
    {
        Members = room.Members.Remove(userId),
        MemberNames = room.MemberNames.Remove(userId),
        Admins = room.Admins.Remove(userId),
        Removed = removed && !room.IsPrivate ? room.Removed.Add(userId) : room.Removed,
    };
}
