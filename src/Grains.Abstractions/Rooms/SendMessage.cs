namespace Parley.Grains.Abstractions;

/// <summary>A request to post <paramref name="Text"/>; a repeated <paramref name="ClientMessageId"/> returns the first message.</summary>
[GenerateSerializer, Immutable, Alias("send-message")]
public sealed record SendMessage(
    [property: Id(0)] UserProfile Sender,
    [property: Id(1)] string Text,
    [property: Id(2)] string? ClientMessageId);
