using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Parley.LoadGen.Wire;

namespace Parley.LoadGen;

/// <summary>
/// A SignalR client reduced to what the benchmark needs, so that the load generator's cost per
/// delivery stays small next to the servers': one WebSocket, the handshake, invocations with
/// completions, pings, and for each <c>Message</c> only its seq and send timestamp (no objects,
/// no strings). Every system under test gets the same client.
/// </summary>
internal sealed class MinimalHubClient(Uri hubUrl, HttpMessageInvoker invoker, IHubWire wire) : IHubClient
{
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _calls = new();
    private readonly CancellationTokenSource _closing = new();
    private Action<long, long>? _onMessage;
    private long _nextInvocationId;
    private volatile bool _open;
    private Task _receiving = Task.CompletedTask;

    public bool IsOpen => _open;

    public void OnMessage(Action<long, long> handler) => _onMessage = handler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan; // SignalR pings instead
        await _socket.ConnectAsync(hubUrl, invoker, cancellationToken);
        await _socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"{wire.Name}\",\"version\":1}}\u001e"), WebSocketMessageType.Text, true, cancellationToken);
        var buffer = new byte[4096];
        var filled = 0;
        int end;
        while ((end = Array.IndexOf(buffer, (byte)0x1e, 0, filled)) < 0)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close || (filled += result.Count) == buffer.Length)
            {
                throw new InvalidOperationException("the server refused the handshake");
            }
        }

        if (Encoding.UTF8.GetString(buffer, 0, end).Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"handshake: {Encoding.UTF8.GetString(buffer, 0, end)}");
        }

        _open = true;
        var leftover = buffer.AsSpan(end + 1, filled - end - 1).ToArray();
        _receiving = Task.Run(() => ReceiveAsync(leftover), CancellationToken.None);
        _ = Task.Run(KeepAliveAsync, CancellationToken.None);
    }

    public async Task InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocationId);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = completion;
        var frame = new ArrayBufferWriter<byte>(256);
        wire.WriteInvocation(frame, id, target, arguments);
        try
        {
            await SendAsync(frame.WrittenMemory);
        }
        catch
        {
            _calls.TryRemove(id, out _);
            throw;
        }

        await completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _open = false;
        await _closing.CancelAsync();
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, patience.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone: nothing to say goodbye to.
        }

        _socket.Abort();
        await _receiving;
        _socket.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> frame)
    {
        await _sending.WaitAsync(_closing.Token);
        try
        {
            await _socket.SendAsync(frame, wire.IsBinary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync(byte[] leftover)
    {
        var buffer = new byte[Math.Max(4096, leftover.Length * 2)];
        leftover.CopyTo(buffer, 0);
        var filled = leftover.Length;
        try
        {
            while (true)
            {
                filled = Consume(buffer, filled);
                if (buffer.Length - filled < 1024)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                filled += result.Count;
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended; pending calls fail below.
        }

        _open = false;
        foreach (var call in _calls.Values)
        {
            call.TrySetException(new WebSocketException("the connection closed"));
        }
    }

    /// <summary>Handles every whole frame at the start of the buffer and moves the rest to the front.</summary>
    private int Consume(byte[] buffer, int filled)
    {
        ReadOnlyMemory<byte> unread = buffer.AsMemory(0, filled);
        while (wire.TryRead(ref unread, out var frame))
        {
            switch (frame.Type)
            {
                case FrameType.Invocation when frame.IsMessage:
                    _onMessage?.Invoke(frame.Seq, frame.SentAt);
                    break;
                case FrameType.Completion when _calls.TryRemove(frame.InvocationId, out var call):
                    if (frame.Error is null)
                    {
                        call.TrySetResult();
                    }
                    else
                    {
                        call.TrySetException(new InvalidOperationException(frame.Error));
                    }

                    break;
                case FrameType.Close:
                    _open = false;
                    break;
            }
        }

        unread.CopyTo(buffer);
        return unread.Length;
    }

    private async Task KeepAliveAsync()
    {
        var ping = new ArrayBufferWriter<byte>(16);
        wire.WritePing(ping);
        try
        {
            while (_open)
            {
                await Task.Delay(PingEvery, _closing.Token);
                await SendAsync(ping.WrittenMemory);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended.
        }
    }
}
