using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>Where a room's full history pages are kept (its page grains; a dictionary in unit tests).</summary>
internal interface IRoomPages
{
    /// <summary>Writes page <paramref name="page"/>; writing the same messages again is harmless.</summary>
    Task WriteAsync(long page, ImmutableArray<ChatMessage> messages);

    Task<ImmutableArray<ChatMessage>> ReadAsync(long page);

    /// <summary>Puts <paramref name="message"/> in place of the entry with its seq in <paramref name="page"/>.</summary>
    Task ReplaceAsync(long page, ChatMessage message);
}
