using System.Collections.Immutable;
using Parley.Grains.Rooms;

namespace Parley.Unit.Tests.Rooms;

internal sealed class MemoryRoomPages : IRoomPages
{
    public Dictionary<long, ImmutableArray<ChatMessage>> Pages { get; } = [];

    public Task WriteAsync(long page, ImmutableArray<ChatMessage> messages)
    {
        Pages[page] = messages;
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<ChatMessage>> ReadAsync(long page) =>
        Task.FromResult(Pages.GetValueOrDefault(page, []));

    public Task ReplaceAsync(long page, ChatMessage message)
    {
        Pages[page] = Pages[page].Select(entry => entry.Seq == message.Seq ? message : entry).ToImmutableArray();
        return Task.CompletedTask;
    }
}
