using System.Globalization;

namespace Parley.LoadGen;

/// <summary>
/// The receiving end of one connection. SignalR's client runs one connection's handlers one at a
/// time, so nothing here needs a lock; the lists are read after the run.
/// </summary>
internal sealed class Subscriber(Clock clock)
{
    private long _lastSeq;

    public long Delivered { get; private set; }

    /// <summary>Messages that arrived with a seq not above one seen before on this connection.</summary>
    public long OutOfOrder { get; private set; }

    public List<long> Latencies { get; } = [];

    public void OnMessage(WireMessage message)
    {
        var now = Clock.Now;
        if (message.Seq <= _lastSeq)
        {
            OutOfOrder++;
        }

        _lastSeq = Math.Max(_lastSeq, message.Seq);
        if (!clock.InWindow(now))
        {
            return;
        }

        Delivered++;
        if (SentAt(message.Text) is { } sent)
        {
            Latencies.Add(now - sent);
        }
    }

    /// <summary>Publishers put their Stopwatch timestamp first in the text.</summary>
    public static long? SentAt(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }
}
