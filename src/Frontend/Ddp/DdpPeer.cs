using Parley.Frontend.Hubs;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>
/// One login of a DDP connection as the fan-out and the session bookkeeping see it. Not in a
/// SignalR group: <see cref="RoomFeeds"/> calls it for each batch, in seq order, under the
/// room's gate, so it only hands the messages to the publication and returns.
/// </summary>
internal sealed class DdpPeer(DdpLogins logins, ChatsPublication chats) : IRealtimePeer
{
    public bool UsesSignalRGroups => false;

    public void SendMessages(MessageBatch batch)
    {
        foreach (var message in batch.Messages)
        {
            chats.OnMessage(this, message);
        }
    }

    /// <summary>DDP API v1 publishes no presence or typing; they are dropped here.</summary>
    public Task SendPresenceAsync(PresenceEvent presence) => Task.CompletedTask;

    public Task SendTypingAsync(TypingEvent typing) => Task.CompletedTask;

    public Task SendSessionEndedAsync(SessionEndedEvent ended)
    {
        logins.OnSessionEnded(this, ended.Reason);
        return Task.CompletedTask;
    }

    public void Abort() => logins.OnAbort(this);
}
