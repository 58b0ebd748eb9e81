using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Parley.Frontend.Ddp;

/// <summary>
/// The WebSocket under one DDP connection: whole text frames in, bounded in size, read by the
/// session's receive loop; frames out, written by the connection's one writer; the close handshake.
/// </summary>
internal sealed class DdpSocket(WebSocket socket, int maxFrameBytes)
{
    private const int InitialReceiveBuffer = 4 * 1024;

    private readonly CancellationTokenSource _aborted = new();
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Waits for the next whole message. Idle connections hold no buffer: the wait is a zero-byte
    /// read. Returns <see cref="Received.Closed"/> when the client closed, the socket died, or the
    /// connection was aborted.
    /// </summary>
    public async Task<Received> ReceiveAsync()
    {
        byte[]? buffer = null;
        try
        {
            var first = await socket.ReceiveAsync(Memory<byte>.Empty, _aborted.Token);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return Ended();
            }

            if (first.EndOfMessage)
            {
                return Received.Of([]);
            }

            buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBuffer, maxFrameBytes));
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= maxFrameBytes)
                    {
                        return Received.TooLarge;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxFrameBytes));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var limit = Math.Min(buffer.Length, maxFrameBytes);
                var result = await socket.ReceiveAsync(buffer.AsMemory(count, limit - count), _aborted.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return Ended();
                }

                count += result.Count;
                if (result.EndOfMessage)
                {
                    return Received.Of(buffer.AsSpan(0, count).ToArray());
                }

                if (count >= maxFrameBytes)
                {
                    return Received.TooLarge;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            return Ended();
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Writes one text frame. Only the connection's writer calls this, one frame at a time.</summary>
    public async ValueTask SendAsync(string frame)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(frame.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(frame, buffer);
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, _aborted.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends a close frame and waits until the client has answered it (the receive loop saw its close).</summary>
    public async ValueTask CloseAsync(WebSocketCloseStatus status, string description)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(status, description, _aborted.Token);
        }

        await _receiveEnded.Task;
    }

    public void Abort()
    {
        _aborted.Cancel();
        socket.Abort();
    }

    private Received Ended()
    {
        _receiveEnded.TrySetResult();
        return Received.Closed;
    }

    /// <summary>What a receive produced: a whole frame, a frame over the size limit, or the end.</summary>
    public readonly record struct Received(byte[]? Frame, bool IsTooLarge)
    {
        public static Received Closed => default;

        public static Received TooLarge => new(null, true);

        public bool IsClosed => Frame is null && !IsTooLarge;

        public static Received Of(byte[] frame) => new(frame, false);
    }
}
