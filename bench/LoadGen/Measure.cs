namespace Parley.LoadGen;

/// <summary>What every scenario is told about the processes under test, and how long to run.</summary>
internal sealed record Measure(
    string Label,
    int WarmupSeconds,
    int Seconds,
    List<(string Name, int Pid)> Frontends,
    List<(string Name, int Pid)> Others)
{
    public IEnumerable<(string Name, int Pid)> All => Frontends.Concat(Others);

    /// <summary>CPU used by each process between two samples, and resident memory at the second.</summary>
    public static List<object> CpuUse(List<ProcessSample> before, List<ProcessSample> after, double seconds) =>
        [.. after.Select(a => (object)new
        {
            name = a.Name,
            pid = a.Pid,
            cpuPercent = Math.Round(100 * (a.CpuSeconds - (before.FirstOrDefault(b => b.Pid == a.Pid)?.CpuSeconds ?? a.CpuSeconds)) / seconds, 1),
            rssMiB = Math.Round(a.RssKiB / 1024.0, 1),
        })];

    public static double Cpu(List<ProcessSample> before, List<ProcessSample> after) =>
        after.Sum(a => a.CpuSeconds - (before.FirstOrDefault(b => b.Pid == a.Pid)?.CpuSeconds ?? a.CpuSeconds));
}
