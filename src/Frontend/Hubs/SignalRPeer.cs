using System.Buffers;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Hubs;

/// <summary>
/// A SignalR connection as the fan-out sees it. Message batches are written straight to the
/// connection, encoded once per batch for all connections: the writes are queued in call order
/// (the connection's write lock is FIFO) and not awaited, so a slow client never holds up a room.
/// A client that falls <see cref="MaxQueuedBatches"/> batches behind is disconnected; it resumes
/// with <c>Subscribe(roomId, sinceSeq)</c> like after any other disconnect.
/// </summary>
/// <remarks>
/// A batch is several invocations in one write, so SignalR's stateful reconnect (which counts
/// writes as messages) must stay off for this hub; it is off by default.
/// </remarks>
internal sealed partial class SignalRPeer(HubConnectionContext connection, IHubContext<ChatHub, IChatClient> hub, ILogger logger) : IRealtimePeer
{
    public const int MaxQueuedBatches = 256;

    private int _queued;

    public bool UsesSignalRGroups => true;

    public void SendMessages(MessageBatch batch)
    {
        var write = connection.WriteAsync(batch.Encode(connection.Protocol, Encode));
        if (write.IsCompletedSuccessfully)
        {
            return;
        }

        if (Interlocked.Increment(ref _queued) == MaxQueuedBatches + 1)
        {
            LogTooSlow(connection.ConnectionId, MaxQueuedBatches);
            connection.Abort();
        }

        _ = DequeueWhenWrittenAsync(write);
    }

    public Task SendPresenceAsync(PresenceEvent presence) => hub.Clients.Client(connection.ConnectionId).Presence(presence);

    public Task SendTypingAsync(TypingEvent typing) => hub.Clients.Client(connection.ConnectionId).Typing(typing);

    public Task SendSessionEndedAsync(SessionEndedEvent ended) => hub.Clients.Client(connection.ConnectionId).SessionEnded(ended);

    public void Abort() => connection.Abort();

    private static SerializedHubMessage Encode(IHubProtocol protocol, ImmutableArray<ChatMessage> messages)
    {
        var buffer = new ArrayBufferWriter<byte>(messages.Length * 256);
        foreach (var message in messages)
        {
            protocol.WriteMessage(new InvocationMessage(nameof(IChatClient.Message), [message]), buffer);
        }

        return new SerializedHubMessage([new SerializedMessage(protocol.Name, buffer.WrittenMemory)]);
    }

    private async Task DequeueWhenWrittenAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} fell {Batches} message batches behind; disconnecting it so it resumes from its last seq")]
    private partial void LogTooSlow(string connectionId, int batches);
}
