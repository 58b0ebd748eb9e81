using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Auth;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Hubs;

/// <summary>The SignalR surface of API v1. Each method validates, makes its grain call(s) and returns.</summary>
[Authorize(AuthenticationSchemes = SessionAuthentication.Scheme)]
internal sealed class ChatHub(
    IGrainFactory grains,
    RoomCatalog rooms,
    RoomFeeds feeds,
    ChatConnections connections,
    MessageSender sender,
    ChatHubLifetimeManager lifetime,
    IHubContext<ChatHub, IChatClient> hubContext,
    ILogger<SignalRPeer> peerLogger) : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";
    public const int MaxHistoryLimit = 200;

    /// <summary>
    /// Hub calls of one connection that may run at once. SignalR's default (1) makes a client that
    /// posts without waiting for each acknowledgement wait for a whole storage write per message;
    /// concurrent sends into one room share a write (group commit), so they should overlap.
    /// </summary>
    public const int MaxParallelInvocations = 16;

    private UserProfile Me => Context.User!.Profile();

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        var hubConnection = lifetime.Find(Context.ConnectionId) ?? throw new InvalidOperationException("the lifetime manager registers a connection before the hub sees it");
        var peer = new SignalRPeer(hubConnection, hubContext, peerLogger);
        var connection = new ChatConnection(Context.ConnectionId, user.Profile(), user.SessionKey(), user.SessionExpiresAt(), peer);
        await connections.AddAsync(connection);

        // The token was checked before this connection was registered for session ends: a logout in
        // between told no one, so check again now that a later one cannot miss it.
        if (await grains.GetSession(connection.SessionKey).GetEndReasonAsync() is { } reason)
        {
            await peer.SendSessionEndedAsync(new SessionEndedEvent(reason.ToWireName()));
            connections.Remove(connection);
            Context.Abort();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Find(Context.ConnectionId) is { } connection)
        {
            connections.Remove(connection);
            await feeds.UnsubscribeAllAsync(connection);
        }
    }

    public Task<RoomInfo> CreateRoom(string? roomId, string? name, bool isPrivate) =>
        rooms.CreateAsync(Me, roomId, name, isPrivate);

    public Task<RoomInfo[]> ListRooms() => rooms.ListVisibleAsync(Me);

    public Task InviteToRoom(string? roomId, string? username) => rooms.InviteAsync(Me, roomId, username);

    public Task<SubscribeResult> Subscribe(string? roomId, long? sinceSeq) =>
        feeds.SubscribeAsync(Connection(), RoomCatalog.ExistingRoom(roomId), sinceSeq);

    public Task Unsubscribe(string? roomId) =>
        feeds.UnsubscribeAsync(Connection(), RoomCatalog.ExistingRoom(roomId));

    public Task<ChatMessage> SendMessage(string? roomId, string? text, string? clientMessageId) =>
        sender.SendAsync(Me, roomId, text, clientMessageId);

    public async Task<ChatMessage[]> GetHistory(string? roomId, long? beforeSeq, int limit)
    {
        if (limit is < 1 or > MaxHistoryLimit)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"limit must be 1-{MaxHistoryLimit}");
        }

        return [.. await grains.GetRoom(RoomCatalog.ExistingRoom(roomId)).GetHistoryAsync(Me.UserId, beforeSeq, limit)];
    }

    public async Task<UserProfile[]> GetPresence(string? roomId) =>
        [.. await grains.GetRoom(RoomCatalog.ExistingRoom(roomId)).GetPresenceAsync(Me.UserId)];

    public async Task Typing(string? roomId) =>
        await grains.GetRoom(RoomCatalog.ExistingRoom(roomId)).TypingAsync(Me);

    /// <summary>Where <see cref="ParleyJsonHubProtocol"/> sends invocations whose arguments could not be bound.</summary>
    [HubMethodName(ParleyJsonHubProtocol.InvalidArgumentsMethod)]
    public Task InvalidArguments(string target) =>
        throw new ParleyException(ParleyErrorCode.InvalidArgument, $"the arguments do not fit {target}");

    private ChatConnection Connection() =>
        connections.Find(Context.ConnectionId) ?? throw new HubException("unavailable: connection is closing");
}
