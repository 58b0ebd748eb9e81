namespace Parley.Frontend.Realtime;

/// <summary>
/// Why the server closes a connection, for adapters to tell the client where their protocol can.
/// An adapter may define reasons of its own protocol (DDP's heartbeat timeout) as subtypes.
/// </summary>
internal record CloseReason(CloseKind Kind, SessionEndReason? SessionEnd = null, ParleyException? Refusal = null)
{
    public static readonly CloseReason TooSlow = new(CloseKind.TooSlow);

    public static readonly CloseReason ShuttingDown = new(CloseKind.ShuttingDown);

    public static readonly CloseReason Failed = new(CloseKind.Failed);

    /// <summary>Whether the client should connect again (elsewhere, or after catching up with <c>sinceSeq</c>).</summary>
    public bool ClientShouldReconnect => Kind is not (CloseKind.SessionEnded or CloseKind.Refused);

    public static CloseReason SessionEnded(SessionEndReason reason) => new(CloseKind.SessionEnded, reason);

    public static CloseReason Refused(ParleyException refusal) => new(CloseKind.Refused, Refusal: refusal);
}

internal enum CloseKind
{
    /// <summary>The session ended (logout, logout-all, expiry): reconnecting needs a new login.</summary>
    SessionEnded,

    /// <summary>The client stopped reading and its outbound queue overflowed.</summary>
    TooSlow,

    /// <summary>This front-end is stopping.</summary>
    ShuttingDown,

    /// <summary>A fault in this connection's own processing, or its socket died.</summary>
    Failed,

    /// <summary>The client broke a rule of its protocol; the adapter's subtype says which.</summary>
    Protocol,

    /// <summary>The connection was not let in (a limit); reconnecting as it is would be refused again.</summary>
    Refused,
}
