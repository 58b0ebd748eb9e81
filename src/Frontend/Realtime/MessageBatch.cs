using System.Collections.Immutable;

namespace Parley.Frontend.Realtime;

/// <summary>
/// Messages of one room, in seq order, going out to every local subscriber together. Each wire
/// format encodes the batch once, however many connections speak it. A batch is handed out on
/// one thread, under its room's gate, so the cache needs no lock.
/// </summary>
internal sealed class MessageBatch(ImmutableArray<ChatMessage> messages)
{
    private readonly List<(object Format, object Encoding)> _encodings = new(1);

    public ImmutableArray<ChatMessage> Messages { get; } = messages;

    public TEncoding Encode<TFormat, TEncoding>(TFormat format, Func<TFormat, ImmutableArray<ChatMessage>, TEncoding> encode)
        where TFormat : notnull
        where TEncoding : class
    {
        foreach (var (known, encoding) in _encodings)
        {
            if (known.Equals(format))
            {
                return (TEncoding)encoding;
            }
        }

        var encoded = encode(format, Messages);
        _encodings.Add((format, encoded));
        return encoded;
    }
}
