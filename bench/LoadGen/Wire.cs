namespace Parley.LoadGen;

/// <summary>The part of API v1's <c>ChatMessage</c> the load generator reads; other members are ignored.</summary>
internal sealed record WireMessage(string RoomId, long Seq, string MessageId, string Text, string? ClientMessageId);
