using System.ComponentModel.DataAnnotations;

namespace Parley.Hosting;

/// <summary>
/// How fast a silo that died without saying goodbye is declared dead, so its rooms serve again
/// elsewhere. Section <c>Parley:FailureDetection</c>. Orleans' own defaults suit large, busy
/// clusters; a chat room cannot wait that long (BENCHMARKS.md has both measured).
/// </summary>
public sealed class FailureDetectionOptions
{
    public const string Section = "Parley:FailureDetection";

    /// <summary>Keep Orleans' defaults instead of the values below (used to measure the difference).</summary>
    public bool UseOrleansDefaults { get; set; }

    /// <summary>How often each silo probes the silos it monitors, and how long it waits for an answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects another.</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// How often each silo writes "I am alive" into the membership table. A silo that has missed
    /// three of these is stale: a node joining the cluster probes it, votes it dead on its own and
    /// stops waiting for it, which is what lets a cluster that crashed as a whole come back node by
    /// node (Orleans' default waits long enough that the first node is not up for minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LivenessWriteInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a client-only front-end waits for a grain call. A request already on its way to a
    /// silo that dies is answered by nobody, so this bounds how long such a send hangs before it is
    /// retried (Orleans' default is much longer).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ClientResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
