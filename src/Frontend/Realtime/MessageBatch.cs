using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Parley.Frontend.Realtime;

/// <summary>
/// Messages of one room, in seq order, going out to every local subscriber together. Each wire
/// format encodes the batch once, however many connections speak it.
/// </summary>
internal sealed class MessageBatch(ImmutableArray<ChatMessage> messages)
{
    private readonly ConcurrentDictionary<object, object> _encodings = new();

    public ImmutableArray<ChatMessage> Messages { get; } = messages;

    public TEncoding Encode<TFormat, TEncoding>(TFormat format, Func<TFormat, ImmutableArray<ChatMessage>, TEncoding> encode)
        where TFormat : notnull
        where TEncoding : class =>
        (TEncoding)_encodings.GetOrAdd(format, static (key, state) => state.encode((TFormat)key, state.Messages), (encode, Messages));
}
