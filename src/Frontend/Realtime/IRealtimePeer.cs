using Parley.Frontend.Hubs;

namespace Parley.Frontend.Realtime;

/// <summary>
/// The far end of one live connection, whatever its protocol. Messages reach every peer through
/// <see cref="SendMessages"/>; presence and typing reach SignalR peers through their room's SignalR
/// group and other protocols (DDP) through these methods.
/// </summary>
internal interface IRealtimePeer
{
    /// <summary>True for SignalR connections: presence and typing go to the room's group instead of to them one by one.</summary>
    bool UsesSignalRGroups { get; }

    /// <summary>
    /// Queues a batch for the client without waiting for it to be written. Called under the room's
    /// gate in seq order, so batches must reach the client in the order of the calls.
    /// </summary>
    void SendMessages(MessageBatch batch);

    Task SendPresenceAsync(PresenceEvent presence);

    Task SendTypingAsync(TypingEvent typing);

    /// <summary>Tells the client its session ended; the connection is aborted right after.</summary>
    Task SendSessionEndedAsync(SessionEndedEvent ended);

    void Abort();
}
