using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// A full page of a room's older entries; only edits and deletions change a message in it. Key: <c>{roomId}/{pageNumber}</c> (see
/// <see cref="GrainFactoryExtensions.GetHistoryPage"/>). Only the room grain writes pages.
/// </summary>
[Alias("room-page")]
public interface IRoomHistoryPageGrain : IGrainWithStringKey
{
    [Alias("write")]
    ValueTask WriteAsync(ImmutableArray<ChatMessage> messages);

    /// <summary>Puts <paramref name="message"/> in place of the entry with its seq.</summary>
    [Alias("replace")]
    ValueTask ReplaceAsync(ChatMessage message);

    [ReadOnly, Alias("read")]
    ValueTask<ImmutableArray<ChatMessage>> ReadAsync();
}
