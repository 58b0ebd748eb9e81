using System.ComponentModel.DataAnnotations;

namespace Parley.Frontend.Realtime;

/// <summary>Limits and timings of live connections, whatever their protocol. Section <c>Parley:Realtime</c>.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Parley:Realtime";

    /// <summary>
    /// Pushes waiting to be written to one connection, where each live message counts one and
    /// presence, typing, a protocol reply or a replay count one each. A client this far behind is
    /// disconnected instead of buffered without bound; it reconnects and resumes with <c>sinceSeq</c>.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxQueuedPushes { get; set; } = 1000;

    /// <summary>How long a close may take (the last pushes, the protocol's goodbye) before the connection is cut.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an acknowledgement may wait for the sent message to reach the subscribers on the
    /// sender's front-end, and the sending connection's socket, before it is given anyway.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan EchoPatience { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On a graceful stop, how long a connection's calls in progress may take to answer before it
    /// is told to reconnect elsewhere anyway (a send cut off this way is retried with its clientMessageId).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
