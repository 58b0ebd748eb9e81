using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Parley.Hostile.Tests;

/// <summary>
/// Every case of the corpus (<c>Corpus/</c>) against a real front-end: each gets a clear error or
/// a clean close, the front-end goes on serving a witness client, and the connections and
/// presence it held are gone afterwards.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.Server server) : IClassFixture<BadInputCorpusTests.Server>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int, string> RestCases => BadInput.Cases("rest.txt");

    public static TheoryData<int, string> SignalRCases => BadInput.Cases("signalr.txt");

    public static TheoryData<int, string> DdpCases => BadInput.Cases("ddp.txt");

    [Theory]
    [MemberData(nameof(RestCases))]
    public async Task RestAnswersBadInputWithAProblem(int line, string text)
    {
        var parts = text.Split(' ', 4);
        using var request = new HttpRequestMessage(new HttpMethod(parts[0]), Encoding.UTF8.GetString(BadInput.Expand(parts[1])));
        if (parts[2] == "token")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Login.Token);
        }

        if (parts.Length > 3)
        {
            request.Content = new ByteArrayContent(BadInput.Expand(parts[3], server.Login.Token));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await server.Frontend.Http.SendAsync(request, Ct);

        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"line {line}: {response.StatusCode}");

        // Kestrel refuses some request lines (a NUL in the path) before any of Parley runs.
        var refusedByKestrel = status == 400 && response.Headers.ConnectionClose == true && response.Content.Headers.ContentLength == 0;
        if (status >= 400 && !refusedByKestrel)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Contains(problem.RootElement.GetProperty("code").GetString(), BadInput.Codes);
        }

        await server.AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(SignalRCases))]
    public async Task SignalRAnswersBadInputWithAnErrorOrACleanClose(int line, string text)
    {
        var baseline = server.Baseline();
        using (var hub = await RawHubClient.ConnectAsync(server.Frontend.BaseUrl, server.Login.Token))
        {
            List<System.Text.Json.JsonElement>? frames;
            try
            {
                await hub.SendRawAsync(BadInput.Expand(text, server.Login.Token));
                await hub.SendRawAsync("""{"type":1,"invocationId":"probe","target":"ListRooms","arguments":[]}""");
                frames = await hub.FramesUntilCompletionAsync("probe");
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                frames = null; // closed before the probe went out: a clean close is a fine answer
            }

            foreach (var frame in frames ?? [])
            {
                if (frame.TryGetProperty("error", out var error))
                {
                    Assert.True(BadInput.StartsWithCode(error.GetString()) || frame.GetProperty("type").GetInt32() == 7, $"line {line}: {frame}");
                }
            }
        }

        await server.AssertStillServingAsync();
        await server.AssertBackToAsync(baseline);
    }

    [Theory]
    [MemberData(nameof(DdpCases))]
    public async Task DdpAnswersBadInputWithAnErrorOrACleanClose(int line, string text)
    {
        var baseline = server.Baseline();
        await using (var ddp = await DdpTestClient.ConnectAsync(server.Frontend.DdpUrl))
        {
            await ddp.CallOkAsync("login", new { resume = server.Login.Token });
            await ddp.SubscribeAsync("getChats");
            var from = ddp.Count;
            await ddp.SendBytesAsync(BadInput.Expand(text, server.Login.Token), System.Net.WebSockets.WebSocketMessageType.Text);
            try
            {
                await ddp.SendAsync(new { msg = "ping", id = "probe" });
                await ddp.WaitForAsync(f => f.Msg() == "pong" && f.Str("id") == "probe", from);
            }
            catch (Exception closed) when (closed is InvalidOperationException or System.Net.WebSockets.WebSocketException)
            {
                // A close is a fine answer to some garbage (a frame over the size limit, invalid UTF-8);
                // the probe may even find the socket already gone.
                await ddp.Closed.Task.Within();
            }

            foreach (var frame in ddp.Log.Skip(from))
            {
                Assert.True(frame.Msg() != "error" || frame.Str("reason") is { Length: > 0 }, $"line {line}: {frame}");
                if (frame.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    Assert.Equal("Meteor.Error", error.Str("errorType"));
                    Assert.NotEqual("internal_error", error.Str("error"));
                }
            }
        }

        await server.AssertStillServingAsync();
        await server.AssertBackToAsync(baseline);
    }

    /// <summary>One front-end for the whole corpus, a user, and a witness that must keep receiving.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private ChatTestClient _witness = null!;

        public ParleyServer Frontend { get; private set; } = null!;

        public Parley.Frontend.Apis.LoginResponse Login { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Frontend = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["Parley:Limits:PresenceGrace"] = "00:00:00" });
            Login = await Frontend.Http.RegisterAndLoginAsync();
            var witness = await Frontend.Http.RegisterAndLoginAsync();
            _witness = await ChatTestClient.ConnectAsync(Frontend.BaseUrl, witness.Token);
            await _witness.SubscribeAsync("general");
        }

        public async ValueTask DisposeAsync()
        {
            await _witness.DisposeAsync();
            await Frontend.DisposeAsync();
        }

        public (int Connections, int Online) Baseline() => (Frontend.ConnectionCount, Frontend.OnlineCount);

        /// <summary>A message posted now reaches the witness: the front-end still serves others.</summary>
        public async Task AssertStillServingAsync()
        {
            var posted = await Frontend.Http.TryPostAsync(Login.Token, "general", "still serving", Guid.NewGuid().ToString("N"));
            Assert.NotNull(posted);
            await _witness.Messages.NextMatchingAsync(message => message.MessageId == posted.MessageId);
        }

        /// <summary>What the case held is released: the gauges come back to where they were.</summary>
        public async Task AssertBackToAsync((int Connections, int Online) baseline)
        {
            // A loaded CI machine may take seconds to run a closed connection's cleanup.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Baseline() != baseline && waited.Elapsed < Waiting.Patience)
            {
                await Task.Delay(50, Ct);
            }

            Assert.Equal(baseline, Baseline());
        }
    }
}
