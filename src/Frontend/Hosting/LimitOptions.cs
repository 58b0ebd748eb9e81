using System.ComponentModel.DataAnnotations;

namespace Parley.Frontend.Hosting;

/// <summary>What one client may hold or send on a front-end, whatever the protocol. Section <c>Parley:Limits</c>.</summary>
public sealed class LimitOptions
{
    public const string Section = "Parley:Limits";

    /// <summary>Rooms one connection may subscribe to (DDP: subscriptions one connection may hold).</summary>
    [Range(1, 100_000)]
    public int MaxSubscriptionsPerConnection { get; set; } = 100;

    /// <summary>Connections one user may have logged in on this front-end, over every protocol.</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerUser { get; set; } = 20;

    /// <summary>A user's typing in a room is passed on at most once per this interval; the rest is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a user who left a room here (their last connection unsubscribed) still counts as
    /// online, so that a reconnect or a page reload flips nobody's presence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PresenceGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest request body to the endpoints that take no token (register, login).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxAnonymousBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Largest request body to any other endpoint.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}
