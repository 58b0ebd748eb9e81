namespace Parley.Grains.Abstractions;

/// <summary>A stored message. <see cref="Seq"/> counts 1, 2, 3… per room with no gaps.</summary>
[GenerateSerializer, Immutable, Alias("chat-message")]
public sealed record ChatMessage(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string SenderId,
    [property: Id(4)] string SenderName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] string? ClientMessageId);
