using System.Globalization;

namespace Parley.LoadGen;

/// <summary>
/// The receiving end of one connection. Both clients run one connection's handlers one at a time,
/// so nothing here needs a lock; the lists are read after the run, <see cref="Received"/> by the
/// per-second sampler (a torn read there only blurs one second's figure).
/// </summary>
internal sealed class Subscriber(Clock clock)
{
    private long _lastSeq;

    public long Delivered { get; private set; }

    /// <summary>Every message received, warm-up included: the per-second series counts these.</summary>
    public long Received { get; private set; }

    /// <summary>Messages that arrived with a seq not above one seen before on this connection.</summary>
    public long OutOfOrder { get; private set; }

    public List<long> Latencies { get; } = [];

    public void OnMessage(long seq, long sentAt)
    {
        var now = Clock.Now;
        Received++;
        if (seq <= _lastSeq)
        {
            OutOfOrder++;
        }

        _lastSeq = Math.Max(_lastSeq, seq);
        if (!clock.InWindow(now))
        {
            return;
        }

        Delivered++;
        if (sentAt != 0)
        {
            Latencies.Add(now - sentAt);
        }
    }

    /// <summary>Publishers put their Stopwatch timestamp first in the text.</summary>
    public static long? SentAt(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }
}
