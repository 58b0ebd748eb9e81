using Parley.Frontend.Rooms;

namespace Parley.Frontend.Hubs;

/// <summary>What the server sends to SignalR clients.</summary>
public interface IChatClient
{
    Task Message(ChatMessage message);

    Task Presence(PresenceEvent presence);

    Task Typing(TypingEvent typing);

    /// <summary>An event of a room's sequence: an edit, a deletion, a member joining, leaving or removed, a role or the room changed.</summary>
    Task RoomEvent(RoomEventInfo roomEvent);

    Task ReadState(ReadStateEvent readState);

    /// <summary>The subscription ended (the user left the room or was removed); nothing more of the room follows.</summary>
    Task SubscriptionEnded(SubscriptionEndedEvent ended);

    /// <summary>The session ended (logout anywhere, logout-all, expiry); the server closes the connection next.</summary>
    Task SessionEnded(SessionEndedEvent ended);
}
