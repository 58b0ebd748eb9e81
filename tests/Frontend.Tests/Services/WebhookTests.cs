using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Frontend.Tests.Services;

/// <summary>Webhooks: registered over the server API, signed, retried, in order per room, and durable.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class WebhookTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventsArriveSignedInOrderAfterTheReceiverFailedAndTheLogShowsTheRetries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailuresLeft = 2;
        var endpoint = await RegisterAsync(cluster.Second, receiver.Url, "message.created", "message.edited", "message.deleted", "member.joined", "session.started");
        try
        {
            var alice = await cluster.First.Http.RegisterAndLoginAsync();
            var bob = await cluster.Second.Http.RegisterAndLoginAsync();
            var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
            var first = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "one", "c1"))!;
            await cluster.Second.Http.TryPostAsync(alice.Token, roomId, "two", "c2");
            using var edited = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/{first.Seq}", alice.Token, new { text = "one, edited" });
            await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
            await bobChat.Connection.InvokeAsync<RoomInfo>("JoinRoom", roomId, Ct);
            using var deleted = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/messages/{first.Seq}", alice.Token);

            var inRoom = new List<WebhookReceiver.Received>();
            var sessionStarted = false;
            while (inRoom.Select(r => r.EventId).Distinct().Count() < 5 || !sessionStarted)
            {
                var received = await receiver.Requests.NextAsync(TimeSpan.FromSeconds(20));
                Assert.True(received.IsSignedWith(endpoint.Secret), $"bad signature on {received.Body}");
                if (received.Json.TryGetProperty("roomId", out var room) && room.GetString() == roomId)
                {
                    inRoom.Add(received);
                }

                sessionStarted |= received.Type == "session.started" && received.Json.GetProperty("data").GetProperty("userId").GetString() == bob.UserId;
            }

            var distinct = inRoom.DistinctBy(r => r.EventId).ToList();
            Assert.Equal(["message.created", "message.created", "message.edited", "member.joined", "message.deleted"], distinct.Select(r => r.Type));
            Assert.Equal([1L, 2, 3, 4, 5], distinct.Select(r => r.Json.GetProperty("seq").GetInt64()));
            Assert.Equal("one, edited", distinct[2].Json.GetProperty("data").GetProperty("text").GetString());
            Assert.Equal($"{roomId}:1", distinct[0].EventId);
            using var log = await cluster.First.Http.SendAsync(HttpMethod.Get, $"/api/server/webhooks/{endpoint.Id}/deliveries", TestServiceKeys.Ops);
            var attempts = await log.Content.ReadAsync<WebhookDelivery[]>();
            Assert.Equal(["retrying", "retrying", "delivered"], attempts.Take(3).Select(a => a.Outcome));
            Assert.Equal([503, 503, 200], attempts.Take(3).Select(a => a.Status ?? 0));
        }
        finally
        {
            using var removed = await cluster.Second.Http.SendAsync(HttpMethod.Delete, $"/api/server/webhooks/{endpoint.Id}", TestServiceKeys.Ops);
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
    }

    [Fact]
    public async Task BadRegistrationsAreRefused()
    {
        using var ftp = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/server/webhooks", TestServiceKeys.Ops, new { url = "ftp://example.test/", events = new[] { "message.created" } });
        using var relative = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/server/webhooks", TestServiceKeys.Ops, new { url = "/hook", events = new[] { "message.created" } });
        using var unknownType = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/server/webhooks", TestServiceKeys.Ops, new { url = "http://127.0.0.1:9/", events = new[] { "everything" } });
        using var noEvents = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/server/webhooks", TestServiceKeys.Ops, new { url = "http://127.0.0.1:9/" });
        using var noScope = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/server/webhooks", TestServiceKeys.Publisher, new { url = "http://127.0.0.1:9/", events = new[] { "message.created" } });
        using var unknownLog = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/server/webhooks/0123456789abcdef/deliveries", TestServiceKeys.Ops);
        using var badId = await cluster.First.Http.SendAsync(HttpMethod.Delete, "/api/server/webhooks/nope", TestServiceKeys.Ops);

        foreach (var refused in new[] { ftp, relative, unknownType, noEvents })
        {
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        }

        await noScope.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await unknownLog.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await badId.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    internal static async Task<WebhookEndpoint> RegisterAsync(ParleyServer server, Uri url, params string[] events)
    {
        using var registered = await server.Http.SendAsync(HttpMethod.Post, "/api/server/webhooks", TestServiceKeys.Ops, new { url, events });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await registered.Content.ReadAsync<WebhookEndpoint>();
    }
}

/// <summary>Pending deliveries outlive the process that held them (dev mode, SQLite).</summary>
public sealed class WebhookDurabilityTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"parley-hooks-{Guid.NewGuid():N}");

    [Fact]
    public async Task AnEventPendingWhenTheProcessStoppedIsDeliveredAfterItStartsAgain()
    {
        var settings = new Dictionary<string, string>
        {
            ["Parley:Storage"] = "Sqlite",
            ["Parley:DataDirectory"] = _dataDirectory,
            ["Parley:Webhooks:WakeEvery"] = "00:00:01",
        };
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailuresLeft = int.MaxValue;
        string roomId;
        await using (var first = await ParleyServer.StartCombinedAsync(settings))
        {
            var endpoint = await WebhookTests.RegisterAsync(first, receiver.Url, "message.created");
            var alice = await first.Http.RegisterAndLoginAsync();
            roomId = await first.Http.CreateRoomAsync(alice.Token);
            Assert.NotNull(await first.Http.TryPostAsync(alice.Token, roomId, "while the receiver is down", "c1"));
            await Waiting.UntilAsync(async () => (await Log(first, endpoint.Id)).Length > 0); // an attempt failed: the event waits in the outbox
        }

        receiver.FailuresLeft = 0;
        await using var second = await ParleyServer.StartCombinedAsync(settings);
        var delivered = await receiver.Requests.NextAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(($"{roomId}:1", "message.created"), (delivered.EventId, delivered.Type));
        Assert.Equal("while the receiver is down", delivered.Json.GetProperty("data").GetProperty("text").GetString());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static async Task<WebhookDelivery[]> Log(ParleyServer server, string id)
    {
        using var log = await server.Http.SendAsync(HttpMethod.Get, $"/api/server/webhooks/{id}/deliveries", TestServiceKeys.Ops);
        return await log.Content.ReadAsync<WebhookDelivery[]>();
    }
}
