using System.Diagnostics.Metrics;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Telemetry;

/// <summary>Parley's own figures on <c>/metrics</c>, next to Orleans', ASP.NET Core's and the runtime's.</summary>
internal sealed class ParleyMetrics
{
    public const string MeterName = "Parley.Frontend";

    private readonly Counter<long> _messagesSent;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _slowConnectionsDropped;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _typingDropped;
    private readonly Counter<long> _presenceCoalesced;

    public ParleyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _messagesSent = meter.CreateCounter<long>("parley.messages.sent", description: "Messages acknowledged to senders by this front-end");
        _connections = meter.CreateUpDownCounter<long>("parley.connections", description: "Live realtime connections on this front-end");
        _slowConnectionsDropped = meter.CreateCounter<long>("parley.connections.dropped_slow", description: "Connections disconnected because their outbound queue overflowed");
        _typingDropped = meter.CreateCounter<long>("parley.typing.dropped", description: "Typing notices not passed on: the user's last one in the room was too recent");
        _presenceCoalesced = meter.CreateCounter<long>("parley.presence.coalesced", description: "Presence flips not announced: the user came back within the grace");
        _refused = meter.CreateCounter<long>("parley.requests.refused", description: "Requests answered with an error, by code and protocol (limits hit, bad input, refusals)");
    }

    public void MessageSent() => _messagesSent.Add(1);

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void SlowConnectionDropped() => _slowConnectionsDropped.Add(1);

    public void TypingDropped() => _typingDropped.Add(1);

    public void PresenceFlipCoalesced() => _presenceCoalesced.Add(1);

    public void Refused(ParleyErrorCode code, string protocol) =>
        _refused.Add(1, new KeyValuePair<string, object?>("code", code.ToWireName()), new KeyValuePair<string, object?>("protocol", protocol));
}
