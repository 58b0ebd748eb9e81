using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

[GenerateSerializer, Alias("room-page-state")]
internal sealed class RoomHistoryPageState
{
    [Id(0)] public ImmutableArray<ChatMessage> Messages { get; set; } = [];
}

internal sealed class RoomHistoryPageGrain(
    [PersistentState("page", StorageNames.Parley)] IPersistentState<RoomHistoryPageState> page) : Grain, IRoomHistoryPageGrain
{
    /// <summary>Idempotent: the room may write the same page again after a crash between its two writes.</summary>
    public async ValueTask WriteAsync(ImmutableArray<ChatMessage> messages)
    {
        page.State.Messages = messages;
        await page.WriteStateAsync();
    }

    public ValueTask<ImmutableArray<ChatMessage>> ReadAsync() => ValueTask.FromResult(page.State.Messages);
}
