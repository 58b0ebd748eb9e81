using System.Collections.Immutable;

namespace Parley.Frontend.Rooms;

/// <summary>Room operations shared by every protocol: listing what a user may see, creating, inviting, reading history.</summary>
internal sealed class RoomCatalog(IGrainFactory grains)
{
    public async Task<RoomInfo[]> ListVisibleAsync(UserProfile user)
    {
        var publicRooms = grains.GetRoomDirectory().ListPublicRoomsAsync().AsTask();
        var ownRooms = grains.GetUser(user.UserId).GetRoomIdsAsync().AsTask();
        var roomIds = (await publicRooms).Union(await ownRooms).Order(StringComparer.Ordinal);
        var rooms = await Task.WhenAll(roomIds.Select(id => grains.GetRoom(RoomId.Create(id)).FindVisibleAsync(user.UserId).AsTask()));
        return [.. rooms.OfType<RoomInfo>()];
    }

    public async Task<RoomInfo> CreateAsync(UserProfile creator, string? roomId, string? name, bool isPrivate)
    {
        var id = RoomId.Create(roomId);
        return await grains.GetRoom(id).CreateAsync(new CreateRoom(creator, string.IsNullOrWhiteSpace(name) ? id.Value : name, isPrivate));
    }

    public async Task InviteAsync(UserProfile inviter, string? roomId, string? username)
    {
        var room = grains.GetRoom(ExistingRoom(roomId));
        var invitee = Username.TryCreate(username, out var name)
            ? await grains.GetAccount(name).GetProfileAsync()
            : null;
        await room.InviteAsync(inviter.UserId, invitee ?? throw new ParleyException(ParleyErrorCode.NotFound, $"no user '{username}'"));
    }

    /// <summary>Up to <paramref name="limit"/> messages before <paramref name="beforeSeq"/>, ascending.</summary>
    public async Task<ImmutableArray<ChatMessage>> GetHistoryAsync(UserProfile reader, string? roomId, long? beforeSeq, int limit)
    {
        if (limit is < 1 or > ApiLimits.MaxHistoryPage)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"limit must be 1-{ApiLimits.MaxHistoryPage}");
        }

        return await grains.GetRoom(ExistingRoom(roomId)).GetHistoryAsync(reader.UserId, beforeSeq, limit);
    }

    /// <summary>A room id to look up: one that cannot exist is simply not found.</summary>
    public static RoomId ExistingRoom(string? roomId) => RoomId.Create(roomId, ParleyErrorCode.NotFound);
}
