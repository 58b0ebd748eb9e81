namespace Parley.LoadGen;

/// <summary>A counter's growth in each second of a run: shows when the servers' JIT has settled.</summary>
internal static class PerSecond
{
    public static async Task<List<long>> SampleAsync(Func<long> counter, int seconds, CancellationToken cancellationToken)
    {
        var each = new List<long>(seconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = counter();
        for (var i = 0; i < seconds && await timer.WaitForNextTickAsync(cancellationToken); i++)
        {
            var now = counter();
            each.Add(now - last);
            last = now;
        }

        return each;
    }
}
