using System.Collections.Immutable;

namespace Parley.Frontend.Realtime;

/// <summary>
/// Receives the grains' pushes. Orleans delivers them one at a time, so each is only handed to
/// the local fan-out, which queues it per connection: nothing here waits for a client.
/// </summary>
internal sealed class FrontendObserver(RoomFeeds feeds, ConnectionRegistry connections) : IFrontendObserver
{
    public Task OnMessagesAsync(string roomId, ImmutableArray<ChatMessage> messages)
    {
        feeds.Deliver(roomId, messages);
        return Task.CompletedTask;
    }

    public Task OnPresenceAsync(PresenceChanged change)
    {
        feeds.Broadcast(change.RoomId, new PresencePush(change));
        return Task.CompletedTask;
    }

    public Task OnTypingAsync(TypingNotice notice)
    {
        feeds.Broadcast(notice.RoomId, new TypingPush(notice));
        return Task.CompletedTask;
    }

    public Task OnReadStateAsync(string userId, string roomId, long lastReadSeq)
    {
        var push = new ReadStatePush(roomId, lastReadSeq);
        foreach (var connection in connections.OfUser(userId))
        {
            connection.Push(push);
        }

        return Task.CompletedTask;
    }

    public Task OnSessionsEndedAsync(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason)
    {
        connections.EndSessions(userId, sessionKeys, reason);
        return Task.CompletedTask;
    }
}
