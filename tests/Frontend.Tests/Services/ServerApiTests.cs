using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Frontend.Apis;

namespace Parley.Frontend.Tests.Services;

/// <summary>The server API and introspection over real Kestrel, each call with the scope it needs, on both front-ends.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class ServerApiTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AServicesMessageIsDeliveredLiveMarkedAsFromTheServiceAndOnceForOneClientMessageId()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var chat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, alice.Token);
        await chat.SubscribeAsync(roomId);

        using var posted = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", TestServiceKeys.Publisher, new { text = "Invoice 42 is paid", clientMessageId = "inv-42" });
        using var again = await CallAsync(cluster.Second, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", TestServiceKeys.Publisher, new { text = "Invoice 42 is paid", clientMessageId = "inv-42" });
        var message = await posted.Content.ReadAsync<ChatMessage>();
        var live = await chat.Messages.NextAsync();
        using var raw = await cluster.First.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages", alice.Token);
        var stored = JsonDocument.Parse(await raw.Content.ReadAsStringAsync(Ct)).RootElement.EnumerateArray().Single();

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(message, await again.Content.ReadAsync<ChatMessage>());
        Assert.Equal((message.Seq, "service:publisher", "publisher", true), (live.Seq, live.SenderId, live.SenderName, live.FromService));
        Assert.True(stored.GetProperty("fromService").GetBoolean());
        Assert.DoesNotContain("service:publisher", (await chat.Connection.InvokeAsync<RoomMember[]>("GetMembers", roomId, Ct)).Select(member => member.UserId));
    }

    [Fact]
    public async Task EachCallNeedsItsScopeAndAValidKey()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);

        using var noKey = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", null, new { text = "x" });
        using var userToken = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", alice.Token, new { text = "x" });
        using var wrongSecret = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", TestServiceKeys.Publisher[..^4] + "AAAA", new { text = "x" });
        using var unknownService = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", "psk.nobody.secret", new { text = "x" });
        using var readerPosts = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/rooms/{roomId}/messages", TestServiceKeys.Reader, new { text = "x" });
        using var publisherCreates = await CallAsync(cluster.First, HttpMethod.Post, "/api/server/rooms", TestServiceKeys.Publisher, new { roomId = "r-x", name = "x", owner = alice.Username });
        using var publisherReadsHistory = await CallAsync(cluster.First, HttpMethod.Get, $"/api/server/rooms/{roomId}/messages", TestServiceKeys.Publisher);
        using var publisherReadsPresence = await CallAsync(cluster.First, HttpMethod.Get, $"/api/server/rooms/{roomId}/presence", TestServiceKeys.Publisher);
        using var readerLogsOut = await CallAsync(cluster.First, HttpMethod.Post, $"/api/server/users/{alice.UserId}/logout", TestServiceKeys.Reader);
        using var publisherIntrospects = await IntrospectAsync(cluster.First, TestServiceKeys.Publisher, alice.Token);
        using var readerFindsUser = await CallAsync(cluster.First, HttpMethod.Get, $"/api/server/users/{alice.Username}", TestServiceKeys.Reader);

        foreach (var refused in new[] { noKey, userToken, wrongSecret, unknownService })
        {
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        foreach (var refused in new[] { readerPosts, publisherCreates, publisherReadsHistory, publisherReadsPresence, readerLogsOut, publisherIntrospects })
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(new UserProfile(alice.UserId, alice.Username), await readerFindsUser.Content.ReadAsync<UserProfile>());
    }

    [Fact]
    public async Task AServiceManagesRoomsReadsHistoryAndPresenceAndEndsAUsersSessions()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = $"r-{Guid.NewGuid():N}";
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);

        using var created = await CallAsync(cluster.First, HttpMethod.Post, "/api/server/rooms", TestServiceKeys.Ops, new { roomId, name = "Support", isPrivate = true, owner = alice.Username });
        using var added = await CallAsync(cluster.Second, HttpMethod.Post, $"/api/server/rooms/{roomId}/members", TestServiceKeys.Ops, new { username = bob.Username });
        await bobChat.SubscribeAsync(roomId);
        await bobChat.SendAsync(roomId, "hello support");
        using var history = await CallAsync(cluster.First, HttpMethod.Get, $"/api/server/rooms/{roomId}/messages?limit=10", TestServiceKeys.Ops);
        using var presence = await CallAsync(cluster.First, HttpMethod.Get, $"/api/server/rooms/{roomId}/presence", TestServiceKeys.Ops);
        using var removed = await CallAsync(cluster.First, HttpMethod.Delete, $"/api/server/rooms/{roomId}/members/{bob.UserId}", TestServiceKeys.Ops);
        var ended = await bobChat.SubscriptionsEnded.NextAsync();
        using var removeOwner = await CallAsync(cluster.First, HttpMethod.Delete, $"/api/server/rooms/{roomId}/members/{alice.UserId}", TestServiceKeys.Ops);
        using var loggedOut = await CallAsync(cluster.Second, HttpMethod.Post, $"/api/server/users/{bob.UserId}/logout", TestServiceKeys.Ops);
        var sessionEnded = await bobChat.SessionEnded.NextAsync();
        using var unknownUser = await CallAsync(cluster.Second, HttpMethod.Post, "/api/server/users/nobody/logout", TestServiceKeys.Ops);
        using var unknownOwner = await CallAsync(cluster.First, HttpMethod.Post, "/api/server/rooms", TestServiceKeys.Ops, new { roomId = $"r-{Guid.NewGuid():N}", name = "x", owner = "no-such-user" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((alice.UserId, true), await created.Content.ReadAsync<RoomInfo>() is var room ? (room.OwnerId, room.IsPrivate) : default);
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(["hello support"], (await history.Content.ReadAsync<ChatMessage[]>()).Select(m => m.Text));
        Assert.Contains(bob.UserId, (await presence.Content.ReadAsync<UserProfile[]>()).Select(user => user.UserId));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("removed", ended.Reason);
        await removeOwner.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        Assert.Equal("logout_all", sessionEnded.Reason);
        await unknownUser.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await unknownOwner.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task IntrospectionAnswersForResumeTokensAndRefusesBadRequests()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();

        using var resume = await IntrospectAsync(cluster.Second, TestServiceKeys.Introspector, alice.Token);
        using var unknown = await IntrospectAsync(cluster.Second, TestServiceKeys.Introspector, new string('A', 43));
        using var garbage = await IntrospectAsync(cluster.Second, TestServiceKeys.Introspector, "not.a.token");
        using var serviceKey = await IntrospectAsync(cluster.Second, TestServiceKeys.Introspector, TestServiceKeys.Ops);
        using var empty = await IntrospectAsync(cluster.Second, TestServiceKeys.Introspector, "");
        using var noKey = await IntrospectAsync(cluster.Second, null, alice.Token);
        using var json = await CallAsync(cluster.Second, HttpMethod.Post, "/api/oauth/introspect", TestServiceKeys.Introspector, new { token = alice.Token });

        var active = await resume.Content.ReadAsync<IntrospectionResponse>();
        Assert.Equal((true, "resume_token", alice.UserId, alice.Username), (active.Active, active.TokenType, active.Sub, active.Username));
        Assert.Equal("""{"active":false}""", await unknown.Content.ReadAsStringAsync(Ct));
        Assert.False((await garbage.Content.ReadAsync<IntrospectionResponse>()).Active);
        Assert.False((await serviceKey.Content.ReadAsync<IntrospectionResponse>()).Active);
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await noKey.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await json.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheServerApiAndTheClientApi()
    {
        using var response = await cluster.Second.Http.GetAsync("/openapi/v1.json", Ct);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var path in new[] { "/api/server/rooms/{roomId}/messages", "/api/server/rooms", "/api/server/users/{userId}/logout", "/api/auth/token", "/api/oauth/introspect", "/api/rooms", "/api/auth/login", "/api/directory" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
        }
    }

    private static async Task<HttpResponseMessage> CallAsync(ParleyServer server, HttpMethod method, string path, string? key, object? body = null) =>
        await server.Http.SendAsync(method, path, key, body);

    private static async Task<HttpResponseMessage> IntrospectAsync(ParleyServer server, string? key, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/oauth/introspect") { Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await server.Http.SendAsync(request, Ct);
    }
}

/// <summary>A key that made too many calls waits; the limit is per key and front-end.</summary>
public sealed class ServiceRateLimitTests
{
    [Fact]
    public async Task AKeyOverItsBudgetGets429WithRetryAfter()
    {
        await using var server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["Parley:RateLimits:ServiceRequestsPerMinute"] = "3" });
        var alice = await server.Http.RegisterAndLoginAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await server.Http.SendAsync(HttpMethod.Get, $"/api/server/users/{alice.Username}", TestServiceKeys.Reader);
            statuses.Add(last.StatusCode);
        }

        using var otherKey = await server.Http.SendAsync(HttpMethod.Get, $"/api/server/users/{alice.Username}", TestServiceKeys.Ops);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        last.Dispose();
    }
}
