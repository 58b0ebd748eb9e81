using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Auth;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Hubs;

/// <summary>
/// The SignalR surface of API v1 and its additions. Each method validates, makes its grain call(s) and returns;
/// what the server pushes goes through the realtime core (see <see cref="SignalRTransport"/>).
/// </summary>
[Authorize(AuthenticationSchemes = SessionAuthentication.Scheme)]
internal sealed class ChatHub(IGrainFactory grains, RoomCatalog rooms, RoomFeeds feeds, MessageSender sender, TypingThrottle typing) : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";

    /// <summary>
    /// Hub calls of one connection that may run at once. SignalR's default, one at a time, makes a client that
    /// posts without waiting for each acknowledgement wait for a whole storage write per message;
    /// concurrent sends into one room share a write (group commit), so they should overlap.
    /// </summary>
    public const int MaxParallelInvocations = 16;

    private UserProfile Me => Context.User!.Profile();

    private ClientConnection Connection => (ClientConnection)Context.Items[ChatHubLifetimeManager.ConnectionItem]!;

    public Task<RoomInfo> CreateRoom(string? roomId, string? name, bool isPrivate) =>
        rooms.CreateAsync(Me, roomId, name, isPrivate);

    /// <summary>The rooms the caller belongs to, with read state and unread counts (public rooms to join: <see cref="SearchRooms"/>).</summary>
    public Task<RoomInfo[]> ListRooms() => rooms.ListMineAsync(Me);

    public Task<DirectoryPage> SearchRooms(string? query, string? cursor, int? limit) => rooms.SearchAsync(query, cursor, limit);

    public Task<RoomInfo> OpenDirect(string? username) => rooms.OpenDirectAsync(Me, username);

    public Task<RoomInfo> JoinRoom(string? roomId) => rooms.JoinAsync(Me, roomId);

    public Task LeaveRoom(string? roomId) => rooms.LeaveAsync(Me, roomId);

    public Task<RoomMember[]> GetMembers(string? roomId) => rooms.GetMembersAsync(Me, roomId);

    public Task RemoveMember(string? roomId, string? userId) => rooms.RemoveMemberAsync(Me, roomId, userId);

    public Task SetRole(string? roomId, string? userId, RoomRole? role) => rooms.SetRoleAsync(Me, roomId, userId, role);

    public Task<RoomInfo> UpdateRoom(string? roomId, string? name, string? topic) => rooms.UpdateAsync(Me, roomId, name, topic);

    public Task<ChatMessage> EditMessage(string? roomId, long seq, string? text) => rooms.EditAsync(Me, roomId, seq, text);

    public Task DeleteMessage(string? roomId, long seq) => rooms.DeleteAsync(Me, roomId, seq);

    public Task<long> MarkRead(string? roomId, long seq) => rooms.MarkReadAsync(Me, roomId, seq);

    public Task InviteToRoom(string? roomId, string? username) => rooms.InviteAsync(Me, roomId, username);

    public async Task<SubscribeResult> Subscribe(string? roomId, long? sinceSeq) =>
        SubscribeResult.From(await feeds.SubscribeAsync(Connection, RoomCatalog.ExistingRoom(roomId), sinceSeq));

    public Task Unsubscribe(string? roomId) =>
        feeds.UnsubscribeAsync(Connection, RoomCatalog.ExistingRoom(roomId));

    public Task<ChatMessage> SendMessage(string? roomId, string? text, string? clientMessageId) =>
        sender.SendAsync(Me, roomId, text, clientMessageId, Connection);

    public async Task<ChatMessage[]> GetHistory(string? roomId, long? beforeSeq, int limit) =>
        [.. await rooms.GetHistoryAsync(Me, roomId, beforeSeq, limit)];

    public Task<UserProfile[]> GetPresence(string? roomId) => rooms.GetPresenceAsync(Me, roomId);

    public async Task Typing(string? roomId)
    {
        var room = RoomCatalog.ExistingRoom(roomId);
        if (typing.ShouldPass(Me.UserId, room))
        {
            await grains.GetRoom(room).TypingAsync(Me);
        }
    }

    /// <summary>Where <see cref="ParleyHubProtocol"/> sends invocations whose arguments could not be bound.</summary>
    [HubMethodName(ParleyHubProtocol.InvalidArgumentsMethod)]
    public Task InvalidArguments(string target) =>
        throw new ParleyException(ParleyErrorCode.InvalidArgument, $"the arguments do not fit {target}");

    /// <summary>Where <see cref="ParleyHubProtocol"/> sends invocations of methods the hub does not have.</summary>
    [HubMethodName(ParleyHubProtocol.UnknownMethod)]
    public Task UnknownMethod(string target) =>
        throw new ParleyException(ParleyErrorCode.NotFound, $"the hub has no method '{target}'");
}
