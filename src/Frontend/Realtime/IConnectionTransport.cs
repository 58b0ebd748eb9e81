namespace Parley.Frontend.Realtime;

/// <summary>The protocol end of one connection: what an adapter (SignalR, DDP) does with its pushes.</summary>
internal interface IConnectionTransport
{
    /// <summary>Encodes and writes one push. Called by one writer at a time, in queue order; may wait for the client.</summary>
    ValueTask WriteAsync(Push push);

    /// <summary>Ends the connection after everything queued before was written, telling the client why where the protocol can.</summary>
    ValueTask CloseAsync(CloseReason reason);

    /// <summary>Ends the connection now: the client stopped reading, or a close took too long.</summary>
    void Abort(CloseReason reason);
}
