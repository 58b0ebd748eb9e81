using System.ComponentModel.DataAnnotations;

namespace Parley.Frontend.RateLimiting;

/// <summary>Per-client limits. Section <c>Parley:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Parley:RateLimits";

    /// <summary>
    /// Login and registration attempts, and tokens that fail their check, per client (IPv4
    /// address or IPv6 /64) per minute, over every protocol of a front-end together.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AuthPermitsPerMinute { get; set; } = 30;

    /// <summary>Sustained messages per second per user, over every protocol.</summary>
    [Range(1, 1_000_000)]
    public int SendsPerSecond { get; set; } = 20;

    /// <summary>Messages a user may send at once before the sustained rate applies.</summary>
    [Range(1, 1_000_000)]
    public int SendBurst { get; set; } = 50;

    /// <summary>Server API calls per service key per minute, on each front-end.</summary>
    [Range(1, 1_000_000)]
    public int ServiceRequestsPerMinute { get; set; } = 600;
}
