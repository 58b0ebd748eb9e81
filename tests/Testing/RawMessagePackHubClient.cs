using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using MessagePack;

namespace Parley.Testing;

/// <summary>
/// SignalR's MessagePack protocol spoken by hand over a WebSocket, for frames no well-behaved
/// client would send: each frame is a length-prefixed MessagePack array.
/// </summary>
public sealed class RawMessagePackHubClient : IDisposable
{
    /// <summary>SignalR's MessagePack frame types this client reads.</summary>
    public const int Invocation = 1, Completion = 3, Close = 7;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<byte> _pending = [];

    private RawMessagePackHubClient(ClientWebSocket socket) => Socket = socket;

    public delegate void Write(ref MessagePackWriter writer);

    public ClientWebSocket Socket { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<RawMessagePackHubClient> ConnectAsync(Uri baseUrl, string token)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(baseUrl, "/hubs/chat")) { Scheme = "ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        await socket.ConnectAsync(uri, Ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, Ct);
        var handshake = new StringBuilder();
        while (!handshake.ToString().EndsWith('\u001e'))
        {
            var buffer = new byte[1024];
            var result = await socket.ReceiveAsync(buffer, Ct).WaitAsync(Waiting.Patience, Ct);
            handshake.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        Assert.DoesNotContain("error", handshake.ToString(), StringComparison.Ordinal);
        return new RawMessagePackHubClient(socket);
    }

    /// <summary>One MessagePack value written by <paramref name="write"/>, as bytes.</summary>
    public static byte[] Encode(Write write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An invocation frame's payload: <c>[1, {}, id, target, arguments, []]</c>.</summary>
    public static byte[] InvocationOf(string id, string target, Write arguments) => Encode((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(6);
        writer.Write(Invocation);
        writer.WriteMapHeader(0);
        writer.Write(id);
        writer.Write(target);
        arguments(ref writer);
        writer.WriteArrayHeader(0);
    });

    /// <summary>Sends <paramref name="payload"/> as one frame, with SignalR's varint length prefix.</summary>
    public Task SendFrameAsync(byte[] payload)
    {
        var frame = new List<byte>();
        for (var length = (uint)payload.Length; ; length >>= 7)
        {
            frame.Add((byte)(length < 0x80 ? length : (length & 0x7f) | 0x80));
            if (length < 0x80)
            {
                break;
            }
        }

        frame.AddRange(payload);
        return Socket.SendAsync(frame.ToArray(), WebSocketMessageType.Binary, true, Ct);
    }

    /// <summary>
    /// Every frame (as an array of values) up to and including the completion of
    /// <paramref name="invocationId"/>, or null when the server closed the connection first.
    /// </summary>
    public async Task<List<object?[]>?> FramesUntilCompletionAsync(string invocationId)
    {
        var frames = new List<object?[]>();
        try
        {
            while (true)
            {
                var frame = await NextAsync();
                frames.Add(frame);
                var type = Convert.ToInt32(frame[0], System.Globalization.CultureInfo.InvariantCulture);
                if (type == Completion && (string?)frame[2] == invocationId)
                {
                    return frames;
                }

                if (type == Close)
                {
                    return null;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            return null;
        }
    }

    public void Dispose() => Socket.Dispose();

    private async Task<object?[]> NextAsync()
    {
        while (true)
        {
            if (TryTakeFrame() is { } frame)
            {
                return MessagePackSerializer.Deserialize<object?[]>(frame, cancellationToken: Ct);
            }

            var result = await Socket.ReceiveAsync(_buffer.AsMemory(), Ct).AsTask().WaitAsync(Waiting.Patience, Ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the server closed the connection");
            }

            _pending.AddRange(_buffer.AsSpan(0, result.Count));
        }
    }

    private byte[]? TryTakeFrame()
    {
        var length = 0;
        for (var i = 0; i < Math.Min(5, _pending.Count); i++)
        {
            length |= (_pending[i] & 0x7f) << (7 * i);
            if ((_pending[i] & 0x80) == 0)
            {
                if (_pending.Count < i + 1 + length)
                {
                    return null;
                }

                var frame = _pending.GetRange(i + 1, length).ToArray();
                _pending.RemoveRange(0, i + 1 + length);
                return frame;
            }
        }

        return null;
    }
}
