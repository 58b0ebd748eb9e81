using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// A full, immutable page of a room's older messages. Key: <c>{roomId}/{pageNumber}</c> (see
/// <see cref="GrainFactoryExtensions.GetHistoryPage"/>). Only the room grain writes pages.
/// </summary>
[Alias("room-page")]
public interface IRoomHistoryPageGrain : IGrainWithStringKey
{
    [Alias("write")]
    ValueTask WriteAsync(ImmutableArray<ChatMessage> messages);

    [ReadOnly, Alias("read")]
    ValueTask<ImmutableArray<ChatMessage>> ReadAsync();
}
