namespace Parley.Frontend.Rooms;

/// <summary>
/// An event of a room's sequence as SignalR clients get it (<c>RoomEvent</c>, and in
/// <c>Subscribe</c>'s <c>events</c>): who did what, when, with its own seq.
/// </summary>
public sealed record RoomEventInfo(
    string RoomId,
    long Seq,
    RoomEventKind Kind,
    string ActorId,
    string ActorName,
    DateTimeOffset At,
    long? TargetSeq,
    string? TargetMessageId,
    string? Text,
    string? UserId,
    string? Username,
    RoomRole? Role,
    string? Name,
    string? Topic)
{
    public static RoomEventInfo From(ChatMessage entry)
    {
        var body = entry.Event ?? throw new ArgumentException("Not an event entry.", nameof(entry));
        return new(entry.RoomId, entry.Seq, body.Kind, entry.SenderId, entry.SenderName, entry.SentAt, body.TargetSeq, body.TargetMessageId, body.Text, body.Member?.UserId, body.Member?.Username, body.Role, body.Name, body.Topic);
    }
}
