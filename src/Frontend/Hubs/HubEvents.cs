namespace Parley.Frontend.Hubs;

public sealed record PresenceEvent(string RoomId, string UserId, string Username, bool Online);

public sealed record TypingEvent(string RoomId, string UserId, string Username);

public sealed record SessionEndedEvent(string Reason);

/// <summary>The answer to <c>Subscribe</c>: what was missed, then live messages follow.</summary>
public sealed record SubscribeResult(RoomInfo Room, IReadOnlyList<ChatMessage> Messages, long LatestSeq, bool Truncated)
{
    public static SubscribeResult From(RoomReplay replay) => new(replay.Room, replay.Messages, replay.LatestSeq, replay.Truncated);
}
