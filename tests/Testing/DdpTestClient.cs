using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Parley.Testing;

/// <summary>
/// A bare DDP client over <see cref="ClientWebSocket"/>, for tests that must send exactly the
/// bytes they mean (bad frames included). It keeps every frame the server sent, in order, so a
/// test can wait for one and still check what came before it; it answers pings unless told not to.
/// </summary>
public sealed class DdpTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JsonElement> _log = [];
    private readonly Lock _lock = new();
    private readonly bool _answerPings;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private DdpTestClient(bool answerPings) => _answerPings = answerPings;

    /// <summary>Completes with the close status and description the server sent, when it closes.</summary>
    public TaskCompletionSource<(WebSocketCloseStatus? Status, string? Description)> Closed { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every frame received so far.</summary>
    public IReadOnlyList<JsonElement> Log
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Opens the WebSocket without saying anything yet.</summary>
    public static async Task<DdpTestClient> OpenAsync(Uri url, bool answerPings = true)
    {
        var client = new DdpTestClient(answerPings);
        await client._socket.ConnectAsync(url, Ct);
        client._receiving = client.ReceiveAsync();
        return client;
    }

    /// <summary>Opens the WebSocket and completes the DDP handshake.</summary>
    public static async Task<DdpTestClient> ConnectAsync(Uri url, bool answerPings = true)
    {
        var client = await OpenAsync(url, answerPings);
        await client.SendAsync(new { msg = "connect", version = "1", support = new[] { "1", "pre2", "pre1" } });
        var connected = await client.WaitForAsync(f => f.Msg() == "connected");
        Assert.Equal(17, connected.Frame.GetProperty("session").GetString()!.Length);
        return client;
    }

    public Task SendAsync(object message) => SendAsync(JsonSerializer.Serialize(message));

    public Task SendAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) =>
        await _socket.SendAsync(bytes, type, endOfMessage: true, Ct);

    public string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Calls a method; returns its <c>result</c> frame after checking that <c>updated</c> follows it.</summary>
    public async Task<JsonElement> CallAsync(string method, params object?[] parameters)
    {
        var id = NextId();
        var from = Count;
        await SendAsync(new { msg = "method", id, method, @params = parameters });
        var result = await WaitForAsync(f => f.Msg() == "result" && f.Str("id") == id, from);
        await WaitForAsync(f => f.Msg() == "updated" && f.GetProperty("methods").EnumerateArray().Any(m => m.GetString() == id), result.Index);
        return result.Frame;
    }

    /// <summary>Calls a method that must succeed; returns its <c>result</c> value.</summary>
    public async Task<JsonElement> CallOkAsync(string method, params object?[] parameters)
    {
        var frame = await CallAsync(method, parameters);
        Assert.False(frame.TryGetProperty("error", out var error), $"{method} failed: {error}");
        return frame.TryGetProperty("result", out var result) ? result : default;
    }

    /// <summary>Subscribes and waits for <c>ready</c> (or fails on <c>nosub</c>); returns the subscription id.</summary>
    public async Task<string> SubscribeAsync(string name, params object?[] parameters)
    {
        var id = $"sub{NextId()}";
        var from = Count;
        await SendAsync(new { msg = "sub", id, name, @params = parameters });
        var answer = await WaitForAsync(f => (f.Msg() == "ready" && f.GetProperty("subs").EnumerateArray().Any(s => s.GetString() == id))
            || (f.Msg() == "nosub" && f.Str("id") == id), from);
        Assert.Equal("ready", answer.Frame.Msg());
        return id;
    }

    /// <summary>The first frame at or after <paramref name="from"/> that matches, waiting for it if need be.</summary>
    public async Task<(JsonElement Frame, int Index)> WaitForAsync(Func<JsonElement, bool> match, int from = 0, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(within ?? Waiting.Patience);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (var i = from; i < _log.Count; i++)
                {
                    if (match(_log[i]))
                    {
                        return (_log[i], i);
                    }
                }

                changed = _changed.Task;
            }

            if (Closed.Task.IsCompleted && changed.IsCompleted is false)
            {
                throw new InvalidOperationException($"The server closed the connection ({Closed.Task.Result}) before the frame came. Received: {string.Join('\n', Log)}");
            }

            try
            {
                await Task.WhenAny(changed, Closed.Task).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The awaited frame did not come. Received: {string.Join('\n', Log)}");
            }
        }
    }

    /// <summary>How many frames were received so far: a cursor for <see cref="WaitForAsync"/>.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _log.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // the server went first; nothing to hand back
            }
        }

        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Closed.TrySetResult((_socket.CloseStatus, _socket.CloseStatusDescription));
                    if (_answerPings)
                    {
                        // What a browser or Meteor's client does: answer the close so the server need not wait.
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _stop.Token);
                    }

                    return;
                }

                var frame = JsonSerializer.Deserialize<JsonElement>(buffer.AsSpan(0, count));
                if (_answerPings && frame.Msg() == "ping")
                {
                    await SendAsync(frame.TryGetProperty("id", out var id) ? new { msg = "pong", id } : new { msg = "pong" });
                }

                lock (_lock)
                {
                    _log.Add(frame);
                    _changed.TrySetResult();
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            Closed.TrySetResult((_socket.CloseStatus, _socket.CloseStatusDescription));
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

/// <summary>Reading DDP frames in assertions.</summary>
public static class DdpFrameExtensions
{
    public static string? Msg(this JsonElement frame) => frame.Str("msg");

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>An <c>added</c>/<c>removed</c> frame of <paramref name="collection"/>, optionally for one document.</summary>
    public static bool Is(this JsonElement frame, string msg, string collection, string? id = null) =>
        frame.Msg() == msg && frame.Str("collection") == collection && (id is null || frame.Str("id") == id);

    public static JsonElement Field(this JsonElement frame, string name) => frame.GetProperty("fields").GetProperty(name);

    /// <summary>The <c>error</c> member of a result or nosub: Meteor's error object.</summary>
    public static JsonElement Error(this JsonElement frame) => frame.GetProperty("error");
}
