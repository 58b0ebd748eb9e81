using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>A room's history pages as <see cref="IRoomHistoryPageGrain"/>s.</summary>
internal sealed class RoomPageGrains(IGrainFactory grains, RoomId roomId) : IRoomPages
{
    public Task WriteAsync(long page, ImmutableArray<ChatMessage> messages) =>
        grains.GetHistoryPage(roomId, page).WriteAsync(messages).AsTask();

    public Task<ImmutableArray<ChatMessage>> ReadAsync(long page) =>
        grains.GetHistoryPage(roomId, page).ReadAsync().AsTask();

    public Task ReplaceAsync(long page, ChatMessage message) =>
        grains.GetHistoryPage(roomId, page).ReplaceAsync(message).AsTask();
}
