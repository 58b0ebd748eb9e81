using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Parley.Frontend.Ddp;

/// <summary>
/// The WebSocket under one DDP connection: frames in, bounded in size; frames out, one at a time
/// and in order through a queue drained by a single writer; a close that drains the queue first.
/// </summary>
/// <remarks>
/// Not disposable on purpose: <see cref="Abort"/> may still be called by a session's end after the
/// connection finished, and the token source holds no registrations that outlive it.
/// </remarks>
internal sealed partial class DdpSocket(WebSocket socket, DdpOptions options, ILogger logger)
{
    private const int InitialReceiveBuffer = 4 * 1024;

    private readonly Channel<string> _outbound = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _aborted = new();
    private readonly Lock _lock = new();
    private int _queued;
    private int _abortRequested;
    private volatile bool _closing;
    private (WebSocketCloseStatus Status, string Description)? _close;

    /// <summary>A close or abort was requested: what the client sends from now on is ignored.</summary>
    public bool IsClosing => _closing;

    /// <summary>Queues a frame; false when the socket is closing or the client fell too far behind (it is then dropped).</summary>
    public bool Send(string frame)
    {
        if (Interlocked.Increment(ref _queued) > options.MaxQueuedFrames)
        {
            if (!_closing)
            {
                LogSlowClient(options.MaxQueuedFrames);
                _closing = true;
                _outbound.Writer.TryComplete();

                // Not inline: senders hold their own locks, and aborting wakes the receive loop.
                _ = Task.Run(Abort);
            }

            return false;
        }

        if (!_outbound.Writer.TryWrite(frame))
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        return true;
    }

    /// <summary>Sends what is queued, then a close frame; the first requested close status wins.</summary>
    public void Close(WebSocketCloseStatus status, string description)
    {
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _close = (status, description);
            _closing = true;
        }

        _outbound.Writer.TryComplete();

        // Draining the queue and the close handshake get a deadline, whoever is slow.
        _aborted.CancelAfter(options.CloseTimeout);
    }

    public void Abort()
    {
        _closing = true;
        _outbound.Writer.TryComplete();
        if (Interlocked.Exchange(ref _abortRequested, 1) == 0)
        {
            _aborted.Cancel();
            socket.Abort();
        }
    }

    /// <summary>
    /// Waits for the next whole message. Idle connections hold no buffer: the wait is a zero-byte
    /// read. Returns <see cref="Received.Closed"/> when the client closed, the socket died, or the
    /// close handshake ran out of time.
    /// </summary>
    public async Task<Received> ReceiveAsync()
    {
        byte[]? buffer = null;
        try
        {
            var first = await socket.ReceiveAsync(Memory<byte>.Empty, _aborted.Token);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return Received.Closed;
            }

            if (first.EndOfMessage)
            {
                return Received.Of([]);
            }

            buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBuffer, options.MaxFrameBytes));
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= options.MaxFrameBytes)
                    {
                        return Received.TooLarge;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, options.MaxFrameBytes));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var limit = Math.Min(buffer.Length, options.MaxFrameBytes);
                var result = await socket.ReceiveAsync(buffer.AsMemory(count, limit - count), _aborted.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return Received.Closed;
                }

                count += result.Count;
                if (result.EndOfMessage)
                {
                    return Received.Of(buffer.AsSpan(0, count).ToArray());
                }

                if (count >= options.MaxFrameBytes)
                {
                    return Received.TooLarge;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            return Received.Closed;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Writes queued frames until the queue is completed, then closes the handshake (or aborts).</summary>
    public async Task RunWriterAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(_aborted.Token))
            {
                Interlocked.Decrement(ref _queued);
                buffer.ResetWrittenCount();
                Encoding.UTF8.GetBytes(frame, buffer);
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, _aborted.Token);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, description) = _close ?? (WebSocketCloseStatus.NormalClosure, "");
                await socket.CloseOutputAsync(status, description, _aborted.Token);
            }

            // The client answers our close frame; one that does not is cut off.
            _aborted.CancelAfter(options.CloseTimeout);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping a DDP client that fell {Frames} frames behind")]
    private partial void LogSlowClient(int frames);

    /// <summary>What a receive produced: a whole frame, a frame over the size limit, or the end.</summary>
    public readonly record struct Received(byte[]? Frame, bool IsTooLarge)
    {
        public static Received Closed => default;

        public static Received TooLarge => new(null, true);

        public bool IsClosed => Frame is null && !IsTooLarge;

        public static Received Of(byte[] frame) => new(frame, false);
    }
}
