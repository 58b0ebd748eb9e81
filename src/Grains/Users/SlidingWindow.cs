namespace Parley.Grains.Users;

/// <summary>At most a number of events per minute, counted over the last minute. In memory: a grain that restarts starts afresh.</summary>
internal sealed class SlidingWindow
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _events = new();

    /// <summary>Counts the event if fewer than <paramref name="perMinute"/> happened in the last minute; else throws rate_limited.</summary>
    public void Admit(DateTimeOffset now, int perMinute, string what)
    {
        while (_events.TryPeek(out var oldest) && oldest <= now - Length)
        {
            _events.Dequeue();
        }

        if (_events.Count >= perMinute)
        {
            throw ParleyException.RateLimited($"too many {what}; retry later", _events.Peek() + Length - now);
        }

        _events.Enqueue(now);
    }
}
