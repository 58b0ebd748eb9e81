using System.Net.WebSockets;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>A close that DDP's own rules call for, with the WebSocket status and text Meteor's server sends.</summary>
internal sealed record DdpCloseReason(WebSocketCloseStatus Status, string Description) : CloseReason(CloseKind.Protocol)
{
    public static readonly DdpCloseReason HeartbeatTimeout = new(WebSocketCloseStatus.NormalClosure, "heartbeat timeout");

    public static readonly DdpCloseReason UnsupportedVersion = new(WebSocketCloseStatus.NormalClosure, "unsupported DDP version");

    public static DdpCloseReason FrameTooLarge(int maxFrameBytes) =>
        new(WebSocketCloseStatus.MessageTooBig, $"frames are limited to {maxFrameBytes} bytes");
}
