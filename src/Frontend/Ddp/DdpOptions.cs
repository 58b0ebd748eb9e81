using System.ComponentModel.DataAnnotations;

namespace Parley.Frontend.Ddp;

/// <summary>The DDP endpoint's limits and keepalive. Section <c>Parley:Ddp</c>.</summary>
public sealed class DdpOptions
{
    public const string Section = "Parley:Ddp";

    /// <summary>
    /// Silence after which the server sends <c>{msg:"ping"}</c> (Meteor's server default).
    /// Any frame from the client counts as a sign of life.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long after an unanswered ping the connection is dropped (Meteor's default).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Largest frame accepted, in bytes; a larger one closes the connection with 1009 (message
    /// too big), as Meteor's WebSocket stack does. The default fits a message of the longest
    /// text even when every character is escaped.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Longest method or subscription id accepted (Meteor's own are short random strings).</summary>
    [Range(1, 4096)]
    public int MaxIdLength { get; set; } = 128;

    /// <summary>
    /// Chats one subscription keeps published: past it the oldest are <c>removed</c>, as from a
    /// Meteor publication with a limit, so neither the server's bookkeeping nor the client grows
    /// without bound. At least the subscription's own <c>limit</c>.
    /// </summary>
    [Range(ApiLimits.MaxReplay, 1_000_000)]
    public int MaxDocumentsPerSubscription { get; set; } = 1000;
}
