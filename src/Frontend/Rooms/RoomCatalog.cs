using System.Collections.Immutable;

namespace Parley.Frontend.Rooms;

/// <summary>
/// Room operations shared by every protocol: the user's rooms and the directory, creating,
/// inviting, direct conversations, membership and roles, edits, history and read state.
/// </summary>
internal sealed class RoomCatalog(IGrainFactory grains)
{
    /// <summary>
    /// The rooms <paramref name="user"/> belongs to, newest activity first, with read state and
    /// unread counts: one call per membership, whatever the number of rooms in the system.
    /// </summary>
    public async Task<RoomInfo[]> ListMineAsync(UserProfile user)
    {
        var memberships = await grains.GetUser(user.UserId).GetMembershipsAsync();
        var rooms = await Task.WhenAll(memberships.Select(m => grains.GetRoom(RoomId.Create(m.RoomId)).GetSummaryAsync(user.UserId, m.LastReadSeq).AsTask()));
        return [.. rooms.OfType<RoomInfo>().OrderByDescending(room => room.LastActivityAt).ThenBy(room => room.RoomId, StringComparer.Ordinal)];
    }

    public Task<DirectoryPage> SearchAsync(string? query, string? cursor, int? limit)
    {
        var text = query?.Trim() ?? "";
        if (text.Length > ApiLimits.MaxSearchLength)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"search text is limited to {ApiLimits.MaxSearchLength} characters");
        }

        var size = limit ?? ApiLimits.DefaultDirectoryPage;
        if (size is < 1 or > ApiLimits.MaxDirectoryPage)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"limit must be 1-{ApiLimits.MaxDirectoryPage}");
        }

        return grains.GetRoomDirectory().SearchAsync(text, cursor, size).AsTask();
    }

    /// <summary>The direct conversation with <paramref name="username"/>, created on first use.</summary>
    public async Task<RoomInfo> OpenDirectAsync(UserProfile user, string? username)
    {
        var peer = await ProfileOfAsync(username);
        return await grains.GetRoom(DirectRoom.IdOf(user.UserId, peer.UserId)).OpenDirectAsync(user, peer);
    }

    public Task<RoomInfo> JoinAsync(UserProfile user, string? roomId) => Room(roomId).JoinRoomAsync(user).AsTask();

    public Task LeaveAsync(UserProfile user, string? roomId) => Room(roomId).LeaveAsync(user).AsTask();

    public Task RemoveMemberAsync(UserProfile actor, string? roomId, string? userId) =>
        Room(roomId).RemoveMemberAsync(actor, RequiredUserId(userId)).AsTask();

    public Task SetRoleAsync(UserProfile actor, string? roomId, string? userId, RoomRole? role) =>
        Room(roomId).SetRoleAsync(actor, RequiredUserId(userId), role ?? throw new ParleyException(ParleyErrorCode.InvalidArgument, "role must be owner, admin or member")).AsTask();

    public Task<RoomInfo> UpdateAsync(UserProfile actor, string? roomId, string? name, string? topic) =>
        Room(roomId).UpdateAsync(actor, name, topic).AsTask();

    public async Task<RoomMember[]> GetMembersAsync(UserProfile user, string? roomId) => [.. await Room(roomId).GetMembersAsync(user.UserId)];

    public Task<ChatMessage> EditAsync(UserProfile actor, string? roomId, long seq, string? text) => Room(roomId).EditAsync(actor, seq, text).AsTask();

    public Task DeleteAsync(UserProfile actor, string? roomId, long seq) => Room(roomId).DeleteAsync(actor, seq).AsTask();

    /// <summary>Moves the user's read marker (never past the room's latest seq, never back); the user's other connections hear of it.</summary>
    public async Task<long> MarkReadAsync(UserProfile user, string? roomId, long seq)
    {
        var room = await Room(roomId).GetInfoAsync(user.UserId);
        return await grains.GetUser(user.UserId).MarkReadAsync(room.RoomId, Math.Clamp(seq, 0, room.LatestSeq));
    }

    public async Task<RoomInfo> CreateAsync(UserProfile creator, string? roomId, string? name, bool isPrivate)
    {
        var id = RoomId.Create(roomId);
        return await grains.GetRoom(id).CreateAsync(new CreateRoom(creator, string.IsNullOrWhiteSpace(name) ? id.Value : name, isPrivate));
    }

    public async Task InviteAsync(UserProfile inviter, string? roomId, string? username) =>
        await Room(roomId).InviteAsync(inviter.UserId, await ProfileOfAsync(username));

    /// <summary>Up to <paramref name="limit"/> messages before <paramref name="beforeSeq"/>, ascending.</summary>
    public async Task<ImmutableArray<ChatMessage>> GetHistoryAsync(UserProfile reader, string? roomId, long? beforeSeq, int limit)
    {
        if (limit is < 1 or > ApiLimits.MaxHistoryPage)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"limit must be 1-{ApiLimits.MaxHistoryPage}");
        }

        return await grains.GetRoom(ExistingRoom(roomId)).GetHistoryAsync(reader.UserId, beforeSeq, limit);
    }

    /// <summary>Who is online in the room, as <paramref name="reader"/> may see it.</summary>
    public async Task<UserProfile[]> GetPresenceAsync(UserProfile reader, string? roomId) =>
        [.. await Room(roomId).GetPresenceAsync(reader.UserId)];

    private IRoomGrain Room(string? roomId) => grains.GetRoom(ExistingRoom(roomId));

    /// <summary>The user with this name, or <c>not_found</c>.</summary>
    public async Task<UserProfile> ProfileOfAsync(string? username) =>
        (Username.TryCreate(username, out var name) ? await grains.GetAccount(name).GetProfileAsync() : null)
        ?? throw new ParleyException(ParleyErrorCode.NotFound, $"no user '{username}'");

    private static string RequiredUserId(string? userId) =>
        userId is { Length: > 0 and <= 64 } ? userId : throw new ParleyException(ParleyErrorCode.InvalidArgument, "userId is required");

    /// <summary>A room id to look up: one that cannot exist is simply not found.</summary>
    public static RoomId ExistingRoom(string? roomId) => RoomId.Create(roomId, ParleyErrorCode.NotFound);
}
