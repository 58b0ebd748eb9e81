using System.Collections.Immutable;

namespace Parley.Frontend.Realtime;

/// <summary>Receives the grains' pushes and hands them to the local fan-out without blocking Orleans' threads.</summary>
internal sealed class FrontendObserver(RoomFeeds feeds, ChatConnections connections) : IFrontendObserver
{
    public Task OnMessagesAsync(string roomId, ImmutableArray<ChatMessage> messages)
    {
        feeds.Deliver(roomId, messages);
        return Task.CompletedTask;
    }

    public Task OnPresenceAsync(PresenceChanged change) => feeds.BroadcastPresenceAsync(change);

    public Task OnTypingAsync(TypingNotice notice) => feeds.BroadcastTypingAsync(notice);

    public Task OnSessionsEndedAsync(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason)
    {
        connections.EndSessions(userId, sessionKeys, reason);
        return Task.CompletedTask;
    }
}
