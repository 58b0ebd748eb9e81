namespace Parley.Frontend.Hubs;

/// <summary>What the server sends to SignalR clients.</summary>
public interface IChatClient
{
    Task Message(ChatMessage message);

    Task Presence(PresenceEvent presence);

    Task Typing(TypingEvent typing);

    /// <summary>The session ended (logout anywhere, logout-all, expiry); the server closes the connection next.</summary>
    Task SessionEnded(SessionEndedEvent ended);
}
