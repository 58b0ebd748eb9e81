using Parley.Frontend.Hubs;

namespace Parley.Frontend.Realtime;

/// <summary>
/// The far end of one live connection, whatever its protocol. SignalR peers are reached through
/// their room's SignalR group (one send per message for all of them); other protocols (DDP) get
/// each event through these methods.
/// </summary>
internal interface IRealtimePeer
{
    /// <summary>True for SignalR connections: the fan-out adds them to the room's group instead of calling them one by one.</summary>
    bool UsesSignalRGroups { get; }

    Task SendMessageAsync(ChatMessage message);

    Task SendPresenceAsync(PresenceEvent presence);

    Task SendTypingAsync(TypingEvent typing);

    /// <summary>Tells the client its session ended; the connection is aborted right after.</summary>
    Task SendSessionEndedAsync(SessionEndedEvent ended);

    void Abort();
}
