using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Parley.WebClient.Tests;

/// <summary>
/// Routes a page's SignalR WebSockets through the test: it records what the page invokes on the
/// hub, and can cut a socket the way a network failure would.
/// </summary>
internal sealed partial class HubSockets
{
    private const char RecordSeparator = '\u001e'; // ends every message of SignalR's JSON protocol

    private readonly ConcurrentQueue<HubSocket> _sockets = new();

    public int Count => _sockets.Count;

    public HubSocket this[int index] => _sockets.ElementAt(index);

    public static async Task<HubSockets> RouteAsync(IPage page)
    {
        var sockets = new HubSockets();
        await page.RouteWebSocketAsync(HubPath(), route =>
        {
            var socket = new HubSocket(route);
            var server = route.ConnectToServer();
            route.OnMessage(frame =>
            {
                // Playwright's .NET frames do not say whether they were text or binary: text frames
                // of SignalR's JSON protocol and the handshake end with the record separator, and
                // MessagePack's binary frames end with their invocation's empty stream list.
                if (frame.Binary is [.., (byte)RecordSeparator])
                {
                    socket.Record(frame.Text!);
                    server.Send(frame.Text!);
                }
                else
                {
                    socket.RecordBinary();
                    server.Send(frame.Binary!);
                }
            });
            sockets._sockets.Enqueue(socket);
        });
        return sockets;
    }

    [GeneratedRegex("/hubs/chat")]
    private static partial Regex HubPath();

    internal sealed class HubSocket(IWebSocketRoute route)
    {
        private readonly ConcurrentQueue<(string Target, string Arguments)> _invocations = new();
        private int _binaryFrames;

        /// <summary>Hub methods the page invoked over this socket, with their arguments as JSON.</summary>
        public IReadOnlyList<(string Target, string Arguments)> Invocations => [.. _invocations];

        /// <summary>The hub protocol the page asked for in its handshake.</summary>
        public string? Protocol { get; private set; }

        /// <summary>Binary frames the page sent (MessagePack invocations).</summary>
        public int BinaryFrames => Volatile.Read(ref _binaryFrames);

        public void RecordBinary() => Interlocked.Increment(ref _binaryFrames);

        /// <summary>Closes the page's side, as a dropped network would; the server's side follows.</summary>
        public Task CutAsync() => route.CloseAsync(new() { Code = 4000, Reason = "network cut by the test" });

        public void Record(string text)
        {
            foreach (var part in text.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                using var message = JsonDocument.Parse(part);
                if (message.RootElement.TryGetProperty("protocol", out var protocol))
                {
                    Protocol = protocol.GetString();
                }

                if (message.RootElement.TryGetProperty("target", out var target) && message.RootElement.TryGetProperty("arguments", out var arguments))
                {
                    _invocations.Enqueue((target.GetString()!, arguments.GetRawText()));
                }
            }
        }
    }
}
