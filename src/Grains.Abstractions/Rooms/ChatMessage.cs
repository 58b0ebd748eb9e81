using System.Text.Json.Serialization;

namespace Parley.Grains.Abstractions;

/// <summary>
/// An entry of a room's sequence: a message, or (with <see cref="Event"/>) a change to the room
/// or to an earlier message. <see cref="Seq"/> counts 1, 2, 3… per room with no gaps over all
/// entries; a room that only ever gets messages numbers them 1, 2, 3…. History and the
/// <c>Message</c> event carry messages only, with their current text. On the wire a plain message
/// has API v1's members only: <c>editedAt</c>, <c>deleted</c> and <c>fromService</c> appear when they say something.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat-message")]
public sealed record ChatMessage(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string SenderId,
    [property: Id(4)] string SenderName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] string? ClientMessageId,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EditedAt = null,
    [property: Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Deleted = false,
    [property: Id(10), JsonIgnore] RoomEventBody? Event = null)
{
    [JsonIgnore]
    public bool IsMessage => Event is null;

    /// <summary>Posted by another service through the server API, not by a person.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FromService => ServiceIdentity.IsService(SenderId);
}
