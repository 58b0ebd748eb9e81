using System.Collections.Immutable;

namespace Parley.Frontend.Realtime;

/// <summary>
/// Something the realtime core hands a connection to deliver. The core's kinds are the records
/// below; an adapter may queue kinds of its own (DDP's method results) so that they keep their
/// place among the core's. A push that goes to many connections is encoded once per wire format.
/// </summary>
internal abstract record Push
{
    private (object Format, object Encoding)[] _encodings = [];

    /// <summary>What this push counts against a connection's queue bound: one, or one per message it carries live.</summary>
    public virtual int Weight => 1;

    /// <summary>
    /// This push in <paramref name="format"/>, encoded by the first connection that asks and reused
    /// by the others. Thread-safe: connections write on their own threads.
    /// </summary>
    public TEncoding Encoded<TFormat, TEncoding>(TFormat format, Func<TFormat, Push, TEncoding> encode)
        where TFormat : notnull
        where TEncoding : class
    {
        foreach (var (known, encoding) in Volatile.Read(ref _encodings))
        {
            if (known.Equals(format))
            {
                return (TEncoding)encoding;
            }
        }

        var encoded = encode(format, this);
        while (true)
        {
            var current = Volatile.Read(ref _encodings);
            if (Interlocked.CompareExchange(ref _encodings, [.. current, (format, encoded)], current) == current)
            {
                return encoded;
            }
        }
    }
}

/// <summary>Newly stored entries (messages and events) of one room, consecutive and ascending by seq.</summary>
internal sealed record MessagesPush(RoomId RoomId, ImmutableArray<ChatMessage> Messages) : Push
{
    public override int Weight => Messages.Length;
}

internal sealed record PresencePush(PresenceChanged Change) : Push;

internal sealed record TypingPush(TypingNotice Notice) : Push;

/// <summary>The user has read the room up to <see cref="LastReadSeq"/> (on this or another connection).</summary>
internal sealed record ReadStatePush(string RoomId, long LastReadSeq) : Push;

/// <summary>The connection's subscription to the room ended because its user left or was removed.</summary>
internal sealed record SubscriptionEndedPush(RoomId RoomId, SubscriptionEndReason Reason) : Push;

internal enum SubscriptionEndReason
{
    Left,
    Removed,
}

/// <summary>The connection's session ended; the connection closes right after.</summary>
internal sealed record SessionEndedPush(SessionEndReason Reason) : Push;
