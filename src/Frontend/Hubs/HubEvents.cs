using Parley.Frontend.Rooms;

namespace Parley.Frontend.Hubs;

public sealed record PresenceEvent(string RoomId, string UserId, string Username, bool Online);

public sealed record TypingEvent(string RoomId, string UserId, string Username);

public sealed record SessionEndedEvent(string Reason);

/// <summary>The user read the room up to <see cref="LastReadSeq"/>, on this connection or another.</summary>
public sealed record ReadStateEvent(string RoomId, long LastReadSeq);

/// <summary>The subscription to the room ended: the user <c>left</c> it or was <c>removed</c>.</summary>
public sealed record SubscriptionEndedEvent(string RoomId, string Reason);

/// <summary>
/// The answer to <c>Subscribe</c>: what was missed, then live messages and events follow.
/// <see cref="Messages"/> holds messages (with their current text; deleted ones as tombstones),
/// <see cref="Events"/> the events among the same seqs (API v1 additions).
/// </summary>
public sealed record SubscribeResult(RoomInfo Room, IReadOnlyList<ChatMessage> Messages, long LatestSeq, bool Truncated, IReadOnlyList<RoomEventInfo> Events)
{
    public static SubscribeResult From(RoomReplay replay) => new(
        replay.Room,
        [.. replay.Messages.Where(entry => entry.IsMessage)],
        replay.LatestSeq,
        replay.Truncated,
        [.. replay.Messages.Where(entry => !entry.IsMessage).Select(RoomEventInfo.From)]);
}
