using System.Diagnostics;

namespace Parley.LoadGen;

/// <summary>
/// Monotonic time in Stopwatch ticks, and the measured window: events are counted only between
/// <see cref="Open"/> and <see cref="Close"/>, so warm-up and drain never pollute the figures.
/// </summary>
internal sealed class Clock
{
    private long _from = long.MaxValue;
    private long _to = long.MaxValue;

    public static long Now => Stopwatch.GetTimestamp();

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public bool InWindow(long at) => at >= Volatile.Read(ref _from) && at < Volatile.Read(ref _to);

    public double WindowSeconds => (Volatile.Read(ref _to) - Volatile.Read(ref _from)) / (double)Stopwatch.Frequency;

    public void Open() => Volatile.Write(ref _from, Now);

    public void Close() => Volatile.Write(ref _to, Now);
}
