using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Parley.Testing;

/// <summary>
/// SignalR's JSON protocol spoken by hand over a WebSocket: it sees frames in the order the server
/// wrote them (the .NET client runs event handlers on their own loop), and it can stop reading.
/// </summary>
public sealed class RawHubClient : IDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Queue<JsonElement> _received = new();
    private readonly StringBuilder _partial = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[64 * 1024];
    private int _nextInvocationId;

    private RawHubClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Connects and completes the handshake; <paramref name="receiveBufferSize"/> sets the TCP receive buffer.</summary>
    public static async Task<RawHubClient> ConnectAsync(Uri baseUrl, string token, int? receiveBufferSize = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                if (receiveBufferSize is { } size)
                {
                    socket.ReceiveBufferSize = size;
                }

                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var webSocket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(baseUrl, "/hubs/chat")) { Scheme = "ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        await webSocket.ConnectAsync(uri, new HttpMessageInvoker(handler), Ct);
        var client = new RawHubClient(webSocket);
        await client.WriteAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.NextAsync();
        Assert.False(handshake.TryGetProperty("error", out _), handshake.ToString());
        return client;
    }

    /// <summary>Invokes <paramref name="target"/> and returns every frame up to and including its completion.</summary>
    public async Task<List<JsonElement>> InvokeAsync(string target, params object?[] arguments)
    {
        var id = (++_nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WriteAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await NextAsync();
            frames.Add(frame);
            if (frame.GetProperty("type").GetInt32() == 3 && frame.GetProperty("invocationId").GetString() == id)
            {
                Assert.False(frame.TryGetProperty("error", out var error), error.ToString());
                return frames;
            }
        }
    }

    /// <summary>Sends one frame exactly as given (the record separator is added).</summary>
    public Task SendRawAsync(string json) => WriteAsync(json);

    /// <summary>Sends bytes exactly as given, invalid UTF-8 and all, followed by the record separator.</summary>
    public Task SendRawAsync(byte[] frame) =>
        Socket.SendAsync((byte[])[.. frame, (byte)RecordSeparator], WebSocketMessageType.Text, endOfMessage: true, Ct);

    /// <summary>
    /// Every frame up to and including the completion of <paramref name="invocationId"/>, or null
    /// when the server closed the connection first.
    /// </summary>
    public async Task<List<JsonElement>?> FramesUntilCompletionAsync(string invocationId)
    {
        var frames = new List<JsonElement>();
        try
        {
            while (true)
            {
                var frame = await NextAsync();
                frames.Add(frame);
                if (frame.TryGetProperty("type", out var type) && type.GetInt32() == 3 && frame.TryGetProperty("invocationId", out var id) && id.GetString() == invocationId)
                {
                    return frames;
                }

                if (type.GetInt32() == 7)
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

    /// <summary>Sends a raw invocation and returns the error of the next completion, failing if it succeeded.</summary>
    public async Task<string> InvokeExpectingErrorAsync(string invocationJson)
    {
        await WriteAsync(invocationJson);
        while (true)
        {
            var frame = await NextAsync();
            if (frame.GetProperty("type").GetInt32() == 3)
            {
                Assert.True(frame.TryGetProperty("error", out var error), frame.ToString());
                return error.GetString()!;
            }
        }
    }

    /// <summary>The next frame the server sends.</summary>
    public Task<JsonElement> NextFrameAsync() => NextAsync();

    /// <summary>Reads whatever the server still sends until the connection ends, with or without a close frame.</summary>
    public async Task DrainUntilEndedAsync()
    {
        try
        {
            while ((await Socket.ReceiveAsync(_buffer, Ct)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // An aborted connection ends without a close frame.
        }
    }

    public void Dispose() => Socket.Dispose();

    private Task WriteAsync(string json) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, Ct);

    private async Task<JsonElement> NextAsync()
    {
        while (_received.Count == 0)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(), Ct).AsTask().WaitAsync(Waiting.Patience, Ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the server closed the connection");
            }

            _partial.Append(_chars, 0, _utf8.GetChars(_buffer, 0, result.Count, _chars, 0));
            var text = _partial.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end < 0)
            {
                continue;
            }

            foreach (var record in text[..end].Split(RecordSeparator))
            {
                _received.Enqueue(JsonDocument.Parse(record).RootElement.Clone());
            }

            _partial.Clear().Append(text[(end + 1)..]);
        }

        return _received.Dequeue();
    }
}
