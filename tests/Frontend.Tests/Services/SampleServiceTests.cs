using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Parley.Frontend.Apis;

namespace Parley.Frontend.Tests.Services;

/// <summary>
/// samples/billing-service (Node.js, jose) as a team's other service: a user logs in on Parley once,
/// calls the service with an access token, and the service's announcement reaches the room's
/// SignalR and DDP subscribers.
/// </summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class SampleServiceTests(TwoFrontendsFixture cluster)
{
    private static readonly string Directory = Path.Combine(
        typeof(SampleServiceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SamplesDirectory").Value!,
        "billing-service");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALoginOnParleyIsTrustedByTheNodeServiceWhoseMessageReachesSignalRAndDdp()
    {
        var roomId = await cluster.First.Http.CreateRoomAsync((await cluster.First.Http.RegisterAndLoginAsync()).Token);
        using var service = await NodeService.StartAsync(Directory, new()
        {
            ["PARLEY_URL"] = cluster.Second.BaseUrl.ToString(),
            ["SERVICE_KEY"] = TestServiceKeys.Billing,
            ["ROOM"] = roomId,
        });
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        using var exchanged = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/auth/token", alice.Token);
        var accessToken = (await exchanged.Content.ReadAsync<AccessTokenResponse>()).AccessToken;
        await using var chat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await chat.SubscribeAsync(roomId);
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });
        await ddp.SubscribeAsync("getChats", new { roomId });

        using var whoami = await service.Http.SendAsync(HttpMethod.Get, "/whoami", accessToken);
        using var withResumeToken = await service.Http.SendAsync(HttpMethod.Get, "/whoami", alice.Token);
        using var forged = await service.Http.SendAsync(HttpMethod.Get, "/whoami", accessToken[..^2] + (accessToken[^2] == 'A' ? "BB" : "AA"));
        using var ordered = await service.Http.SendAsync(HttpMethod.Post, "/orders", accessToken, new { item = "a hiking map" });
        var live = await chat.Messages.NextAsync();
        var added = await ddp.WaitForAsync(frame => frame.Is("added", "chats") && frame.Field("text").GetString() == $"{alice.Username} ordered a hiking map");

        Assert.Equal(new UserProfile(alice.UserId, alice.Username), await whoami.Content.ReadFromJsonAsync<UserProfile>(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, withResumeToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ordered.StatusCode);
        Assert.Equal(($"{alice.Username} ordered a hiking map", "billing", true), (live.Text, live.SenderName, live.FromService));
        Assert.True(added.Frame.Field("fromService").GetBoolean());

        // The sample registered a webhook at start: the announcement comes back to it, signed.
        await Waiting.UntilAsync(async () => (await ReceivedTextsAsync(service, accessToken)).Contains($"{alice.Username} ordered a hiking map"), TimeSpan.FromSeconds(20));
        using var forgedHook = await service.Http.PostAsync("/webhooks", new StringContent("{\"id\":\"x\"}"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedHook.StatusCode);
        await RemoveWebhooksOfAsync(service.Http.BaseAddress!);
    }

    private static async Task<List<string?>> ReceivedTextsAsync(NodeService service, string accessToken)
    {
        using var received = await service.Http.SendAsync(HttpMethod.Get, "/webhooks/received", accessToken);
        using var events = System.Text.Json.JsonDocument.Parse(await received.Content.ReadAsStringAsync(Ct));
        return [.. events.RootElement.EnumerateArray().Select(e => e.GetProperty("data").TryGetProperty("text", out var text) ? text.GetString() : null)];
    }

    /// <summary>The sample does not outlive the test; neither may its endpoint, which would be retried in vain.</summary>
    private async Task RemoveWebhooksOfAsync(Uri sample)
    {
        using var list = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/server/webhooks", TestServiceKeys.Ops);
        foreach (var endpoint in (await list.Content.ReadAsync<WebhookEndpoint[]>()).Where(e => e.Url.StartsWith(sample.ToString().TrimEnd('/'), StringComparison.Ordinal)))
        {
            using var removed = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/server/webhooks/{endpoint.Id}", TestServiceKeys.Ops);
        }
    }

    /// <summary>The sample's server process, stopped by its own PID.</summary>
    private sealed class NodeService : IDisposable
    {
        private readonly Process _process;

        private NodeService(Process process, int port)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        public HttpClient Http { get; }

        public static async Task<NodeService> StartAsync(string directory, Dictionary<string, string> environment)
        {
            Assert.True(System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "jose")), $"run `npm ci` in {directory} (scripts/test.sh does)");
            var port = FreePort.Next();

            // Its own session (setsid) and no console of ours: the child must not share the test
            // host's terminal or process group. Ready when it answers HTTP.
            var start = new ProcessStartInfo("setsid", ["node", "server.mjs"]) { WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var service = new NodeService(process, port);
            await Waiting.UntilAsync(service.AnswersAsync);
            return service;
        }

        private async Task<bool> AnswersAsync()
        {
            try
            {
                using var probe = await Http.GetAsync("/whoami", Ct);
                return probe.StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            Http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
