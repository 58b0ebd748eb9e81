namespace Parley.LoadGen;

/// <summary>Latency figures in milliseconds from a full sample (sorted once).</summary>
internal sealed record Percentiles(long Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return new Percentiles(0, 0, 0, 0, 0);
        }

        ticks.Sort();
        double At(double p) => Math.Round(Clock.Milliseconds(ticks[Math.Min(ticks.Count - 1, (int)(p * ticks.Count))]), 2);
        return new Percentiles(ticks.Count, At(0.50), At(0.95), At(0.99), Math.Round(Clock.Milliseconds(ticks[^1]), 2));
    }
}
