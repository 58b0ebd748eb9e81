using System.Globalization;

namespace Parley.LoadGen;

/// <summary>CPU time and resident memory of the server processes, read from /proc (Linux).</summary>
internal sealed record ProcessSample(int Pid, string Name, double CpuSeconds, long RssKiB);

internal static class ProcessProbe
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Pids given as <c>name=pid</c> or plain pid.</summary>
    public static List<(string Name, int Pid)> Parse(IEnumerable<string> specs) =>
        [.. specs.Select(spec => spec.Split('=') is [var name, var pid] ? (name, int.Parse(pid, CultureInfo.InvariantCulture)) : (spec, int.Parse(spec, CultureInfo.InvariantCulture)))];

    public static List<ProcessSample> Sample(IEnumerable<(string Name, int Pid)> processes) =>
        [.. processes.Select(p => Sample(p.Name, p.Pid)).OfType<ProcessSample>()];

    /// <summary>Whole-machine busy time (all cores), for telling a saturated run from an idle one.</summary>
    public static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        return (fields.Sum() - idle) / TicksPerSecond;
    }

    /// <summary>
    /// A process and its direct children (PostgreSQL serves each connection from a child of the
    /// postmaster, so the postmaster alone shows almost nothing).
    /// </summary>
    private static ProcessSample? Sample(string name, int pid)
    {
        var own = SampleOne(name, pid);
        if (own is null)
        {
            return null;
        }

        foreach (var child in ChildrenOf(pid))
        {
            if (SampleOne(name, child) is { } sample)
            {
                own = own with { CpuSeconds = own.CpuSeconds + sample.CpuSeconds, RssKiB = own.RssKiB + sample.RssKiB };
            }
        }

        return own;
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (int.Parse(rest[1], CultureInfo.InvariantCulture) == pid)
                    {
                        children.Add(candidate);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // exited while we looked
                }
            }
        }

        return children;
    }

    private static ProcessSample? SampleOne(string name, int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return new ProcessSample(pid, name, cpu, kib);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // gone (e.g. killed by the failover scenario)
        }
    }
}
