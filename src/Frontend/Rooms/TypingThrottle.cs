using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Parley.Frontend.Hosting;
using Parley.Frontend.Realtime;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Rooms;

/// <summary>
/// A user's typing in a room goes on to the room at most once per
/// <see cref="LimitOptions.TypingInterval"/> from this front-end; the rest is dropped before any
/// grain call. Typing is a hint that a newer one replaces, so nobody is told. A message from the
/// user ends their typing (clients stop showing it), so their next keystroke passes again.
/// </summary>
internal sealed class TypingThrottle(IOptions<LimitOptions> limits, [FromKeyedServices(FrontendClock.Key)] TimeProvider time, ParleyMetrics metrics)
{
    /// <summary>Past this many remembered pairs, the ones older than the interval are forgotten.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string UserId, RoomId RoomId), long> _lastPassed = new();

    /// <summary>The user sent a message into the room: their next typing notice passes.</summary>
    public void Reset(string userId, RoomId roomId) => _lastPassed.TryRemove((userId, roomId), out _);

    public bool ShouldPass(string userId, RoomId roomId)
    {
        var now = time.GetTimestamp();
        var interval = limits.Value.TypingInterval;
        var key = (userId, roomId);
        while (true)
        {
            if (_lastPassed.TryGetValue(key, out var last))
            {
                if (time.GetElapsedTime(last, now) < interval)
                {
                    metrics.TypingDropped();
                    return false;
                }

                if (_lastPassed.TryUpdate(key, now, last))
                {
                    break;
                }
            }
            else if (_lastPassed.TryAdd(key, now))
            {
                break;
            }
        }

        if (_lastPassed.Count > PruneAbove)
        {
            foreach (var (stale, passed) in _lastPassed)
            {
                if (time.GetElapsedTime(passed, now) >= interval)
                {
                    _lastPassed.TryRemove(new KeyValuePair<(string, RoomId), long>(stale, passed));
                }
            }
        }

        return true;
    }
}
