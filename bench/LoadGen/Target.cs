using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.LoadGen.Wire;

namespace Parley.LoadGen;

/// <summary>How a server under test is reached and how its users get tokens.</summary>
internal enum AuthMode
{
    /// <summary>Parley: register and log in over REST, then pass the resume token.</summary>
    Parley,

    /// <summary>The baselines: any token is accepted and names the user.</summary>
    Any,
}

/// <summary>
/// The servers under test (connections are spread over them round-robin), and the local source
/// addresses to connect from: every 127.0.0.x is loopback, and each gives its own ~28k ports.
/// </summary>
internal sealed class Target : IDisposable
{
    private const string Password = "bench password";
    private readonly SocketsHttpHandler[] _handlers;
    private readonly HttpClient _http;
    private int _next;

    public Target(IReadOnlyList<Uri> urls, AuthMode auth, int sourceAddresses, string runId, ClientKind client = ClientKind.Minimal, HubProtocolName protocol = HubProtocolName.Json)
    {
        if (client == ClientKind.Official && protocol != HubProtocolName.Json)
        {
            throw new ArgumentException("The official client is measured with JSON only (its MessagePack mode would need each system's own payload types).");
        }

        Urls = urls;
        Client = client;
        Protocol = protocol;
        Auth = auth;
        RunId = runId;
        _handlers = [.. Enumerable.Range(1, Math.Max(1, sourceAddresses)).Select(i => Handler(new IPAddress([127, 0, 0, (byte)i])))];
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public IReadOnlyList<Uri> Urls { get; }

    public AuthMode Auth { get; }

    public ClientKind Client { get; }

    public HubProtocolName Protocol { get; }

    /// <summary>Makes user and room names unique to this run.</summary>
    public string RunId { get; }

    public Uri NextUrl() => Urls[(int)((uint)Interlocked.Increment(ref _next) % Urls.Count)];

    public string RoomName(int index) => $"bench-{RunId}-{index}";

    /// <summary>Tokens for <paramref name="count"/> distinct users, made <paramref name="parallelism"/> at a time.</summary>
    public async Task<string[]> TokensAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        var tokens = new string[count];
        if (Auth == AuthMode.Any)
        {
            for (var i = 0; i < count; i++)
            {
                tokens[i] = $"u{RunId}{i}";
            }

            return tokens;
        }

        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var url = Urls[i % Urls.Count];
            var username = $"u{RunId}{i}";
            using (var register = await _http.PostAsJsonAsync(new Uri(url, "/api/auth/register"), new { username, password = Password }, ct))
            {
                if (register.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
                {
                    throw new InvalidOperationException($"register {username}: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync(ct)}");
                }
            }

            using var login = await _http.PostAsJsonAsync(new Uri(url, "/api/auth/login"), new { username, password = Password }, ct);
            login.EnsureSuccessStatusCode();
            tokens[i] = (await login.Content.ReadFromJsonAsync<LoginAnswer>(ct))!.Token;
        });
        return tokens;
    }

    /// <summary>Parley rooms must exist before they are used; the baselines make them on first use.</summary>
    public async Task CreateRoomsAsync(string token, int count, CancellationToken cancellationToken)
    {
        if (Auth == AuthMode.Any)
        {
            return;
        }

        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Urls[0], "/api/rooms"))
            {
                Content = JsonContent.Create(new { roomId = RoomName(i), name = RoomName(i), isPrivate = false }),
            };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await _http.SendAsync(request, ct);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            {
                throw new InvalidOperationException($"create room: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
    }

    /// <summary>
    /// A hub connection (WebSockets, no negotiate round trip) from the next source address. The
    /// token goes as <c>access_token</c>, as browsers send it.
    /// </summary>
    public HubConnection Connection(Uri url, string token, int index)
    {
        var handler = _handlers[index % _handlers.Length];
        var hubUrl = new Uri(url, $"/hubs/chat?access_token={Uri.EscapeDataString(token)}");
        return new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, ct) =>
                {
                    var socket = new ClientWebSocket();
                    await socket.ConnectAsync(context.Uri, new HttpMessageInvoker(handler, disposeHandler: false), ct);
                    return socket;
                };
            })
            .Build();
    }

    /// <summary>A hub client of the kind and protocol this run measures, from the next source address.</summary>
    public IHubClient HubClient(Uri url, string token, int index)
    {
        if (Client == ClientKind.Official)
        {
            return new OfficialHubClient(Connection(url, token, index));
        }

        var hubUrl = new UriBuilder(new Uri(url, "/hubs/chat")) { Scheme = "ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        return new MinimalHubClient(hubUrl, new HttpMessageInvoker(_handlers[index % _handlers.Length], disposeHandler: false), IHubWire.For(Protocol));
    }

    /// <summary>Starts hub clients, <paramref name="parallelism"/> at a time; failures are counted, not thrown.</summary>
    public async Task<(IHubClient?[] Connections, int Failed, string? FirstError)> ConnectAsync(
        int count, Func<int, string> tokenOf, Action<IHubClient, int> wire, Func<IHubClient, int, Task>? afterStart, int parallelism, CancellationToken cancellationToken)
    {
        var connections = new IHubClient?[count];
        var failed = 0;
        string? firstError = null;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var connection = HubClient(Urls[i % Urls.Count], tokenOf(i), i / Urls.Count);
            wire(connection, i);
            try
            {
                await connection.StartAsync(ct);
                if (afterStart is not null)
                {
                    await afterStart(connection, i);
                }

                connections[i] = connection;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, exception.GetBaseException().Message, null);
                await connection.DisposeAsync();
            }
        });
        return (connections, failed, firstError);
    }

    public static Task DisposeAllAsync(IEnumerable<HubConnection?> connections) =>
        DisposeAllAsync(connections.OfType<HubConnection>().Select(c => (IAsyncDisposable)c));

    public static async Task DisposeAllAsync(IEnumerable<IAsyncDisposable?> connections)
    {
        await Parallel.ForEachAsync(connections.OfType<IAsyncDisposable>(), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (connection, _) =>
        {
            try
            {
                await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is TimeoutException or WebSocketException or IOException)
            {
                // The run is over; a connection that will not close politely is dropped with the process.
            }
        });
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }
    }

    private static SocketsHttpHandler Handler(IPAddress source) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private sealed record LoginAnswer(string Token);
}
