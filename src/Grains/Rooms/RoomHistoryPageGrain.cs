using System.Collections.Immutable;
using Orleans.Storage;

namespace Parley.Grains.Rooms;

[GenerateSerializer, Alias("room-page-state")]
internal sealed class RoomHistoryPageState
{
    [Id(0)] public ImmutableArray<ChatMessage> Messages { get; set; } = [];
}

internal sealed class RoomHistoryPageGrain(
    [PersistentState("page", StorageNames.Parley)] IPersistentState<RoomHistoryPageState> page) : Grain, IRoomHistoryPageGrain
{
    /// <summary>
    /// Idempotent: the room may write the same page again after a crash between its two writes, or
    /// from a second activation during a failover, whose write then meets a newer ETag.
    /// </summary>
    public async ValueTask WriteAsync(ImmutableArray<ChatMessage> messages)
    {
        page.State.Messages = messages;
        try
        {
            await page.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            await page.ReadStateAsync();
            if (!page.State.Messages.SequenceEqual(messages))
            {
                throw;
            }
        }
    }

    public async ValueTask ReplaceAsync(ChatMessage message)
    {
        var messages = page.State.Messages;
        var index = messages.IsEmpty ? -1 : (int)(message.Seq - messages[0].Seq);
        if (index < 0 || index >= messages.Length || messages[index].Seq != message.Seq)
        {
            throw new InvalidOperationException($"This page has no seq {message.Seq}.");
        }

        page.State.Messages = messages.SetItem(index, message);
        await page.WriteStateAsync();
    }

    public ValueTask<ImmutableArray<ChatMessage>> ReadAsync() => ValueTask.FromResult(page.State.Messages);
}
