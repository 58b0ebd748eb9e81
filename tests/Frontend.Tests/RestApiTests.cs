using System.Net;
using System.Net.Http.Json;

namespace Parley.Frontend.Tests;

[Collection(nameof(TwoFrontendsCollection))]
public sealed class RestApiTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATokenFromLoginOnOneFrontendWorksOnBoth()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();

        foreach (var frontend in new[] { cluster.First, cluster.Second })
        {
            using var me = await frontend.Http.SendAsync(HttpMethod.Get, "/api/me", login.Token);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal(new UserProfile(login.UserId, login.Username), await me.Content.ReadFromJsonAsync<UserProfile>(Ct));
        }
    }

    [Fact]
    public async Task RegistrationRefusesBadInputWithItsCode()
    {
        var name = RestClient.UniqueName();
        await cluster.First.Http.RegisterAndLoginAsync(name);

        using var badName = await cluster.First.Http.PostAsJsonAsync("/api/auth/register", new { username = "a b", password = RestClient.Password }, Ct);
        using var weak = await cluster.First.Http.PostAsJsonAsync("/api/auth/register", new { username = RestClient.UniqueName(), password = "short" }, Ct);
        using var taken = await cluster.Second.Http.PostAsJsonAsync("/api/auth/register", new { username = name.ToUpperInvariant(), password = RestClient.Password }, Ct);
        using var notJson = await cluster.First.Http.PostAsync("/api/auth/register", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"), Ct);

        await badName.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_username");
        await weak.AssertProblemAsync(HttpStatusCode.BadRequest, "weak_password");
        await taken.AssertProblemAsync(HttpStatusCode.Conflict, "username_taken");
        await notJson.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSameAnswer()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();

        using var wrong = await cluster.First.Http.PostAsJsonAsync("/api/auth/login", new { username = login.Username, password = "wrong password" }, Ct);
        using var unknown = await cluster.First.Http.PostAsJsonAsync("/api/auth/login", new { username = RestClient.UniqueName(), password = "wrong password" }, Ct);

        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task RequestsWithoutAValidTokenAreUnauthorized(string? token)
    {
        using var response = await cluster.Second.Http.SendAsync(HttpMethod.Get, "/api/rooms", token);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task RoomsCanBeCreatedPostedToAndReadBack()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = $"r-{Guid.NewGuid():N}";

        using var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", login.Token, new { roomId, name = "Room", isPrivate = false });
        using var again = await cluster.Second.Http.SendAsync(HttpMethod.Post, "/api/rooms", login.Token, new { roomId, name = "Room", isPrivate = false });
        using var badId = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", login.Token, new { roomId = "Bad Id", name = "Room", isPrivate = false });
        using var posted = await cluster.Second.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", login.Token, new { text = "hello", clientMessageId = "c1" });
        using var second = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", login.Token, new { text = "again" });
        using var history = await cluster.First.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages?limit=10", login.Token);
        using var rooms = await cluster.Second.Http.SendAsync(HttpMethod.Get, "/api/rooms", login.Token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((roomId, "Room", false, 0), (await created.Content.ReadAsync<RoomInfo>()).V1());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "room_exists");
        await badId.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_room_id");
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var message = (await posted.Content.ReadFromJsonAsync<ChatMessage>(Ct))!;
        Assert.Equal((1L, "hello", "c1", login.Username), (message.Seq, message.Text, message.ClientMessageId, message.SenderName));
        Assert.Equal(["hello", "again"], (await history.Content.ReadFromJsonAsync<ChatMessage[]>(Ct))!.Select(m => m.Text));
        Assert.Contains((roomId, "Room", false, 2), (await rooms.Content.ReadAsync<RoomInfo[]>()).Select(room => room.V1()));
    }

    [Fact]
    public async Task PostingRefusesBadInputWithItsCode()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();

        using var empty = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", login.Token, new { text = "" });
        using var tooLong = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", login.Token, new { text = new string('x', 4001) });
        using var unknownRoom = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/no-such-room/messages", login.Token, new { text = "hi" });
        using var badLimit = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/rooms/general/messages?limit=abc", login.Token);
        using var hugeLimit = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/rooms/general/messages?limit=1000", login.Token);

        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "empty_message");
        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "message_too_long");
        await unknownRoom.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await badLimit.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await hugeLimit.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task APrivateRoomIsInvisibleAndUnusableForANonMember()
    {
        var owner = await cluster.First.Http.RegisterAndLoginAsync();
        var outsider = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = $"secret-{Guid.NewGuid():N}";
        using var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", owner.Token, new { roomId, name = "Secret", isPrivate = true });

        using var list = await cluster.Second.Http.SendAsync(HttpMethod.Get, "/api/rooms", outsider.Token);
        using var read = await cluster.Second.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages", outsider.Token);
        using var post = await cluster.Second.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", outsider.Token, new { text = "let me in" });
        using var ownerList = await cluster.Second.Http.SendAsync(HttpMethod.Get, "/api/rooms", owner.Token);

        Assert.DoesNotContain(roomId, (await list.Content.ReadAsync<RoomInfo[]>()).Select(r => r.RoomId));
        await read.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await post.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains(roomId, (await ownerList.Content.ReadAsync<RoomInfo[]>()).Select(r => r.RoomId));
    }

    [Fact]
    public async Task LogoutEndsTheTokenOnEveryFrontend()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();
        var other = await cluster.First.Http.LoginAsync(login.Username);

        using var logout = await cluster.Second.Http.SendAsync(HttpMethod.Post, "/api/auth/logout", login.Token);
        using var afterFirst = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/me", login.Token);
        using var otherSession = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/me", other.Token);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await afterFirst.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, otherSession.StatusCode);
    }

    [Fact]
    public async Task LogoutAllEndsEverySessionOfTheUser()
    {
        var first = await cluster.First.Http.RegisterAndLoginAsync();
        var second = await cluster.Second.Http.LoginAsync(first.Username);

        using var logoutAll = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/auth/logout-all", first.Token);
        using var firstAfter = await cluster.Second.Http.SendAsync(HttpMethod.Get, "/api/me", first.Token);
        using var secondAfter = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/me", second.Token);

        Assert.Equal(HttpStatusCode.NoContent, logoutAll.StatusCode);
        await firstAfter.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await secondAfter.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task HealthAndReadinessAnswerOnBothFrontends()
    {
        foreach (var frontend in new[] { cluster.First, cluster.Second })
        {
            using var health = await frontend.Http.GetAsync("/healthz", Ct);
            using var ready = await frontend.Http.GetAsync("/readyz", Ct);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }

    [Fact]
    public async Task TimestampsAreIso8601Utc()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();
        using var posted = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", login.Token, new { text = "when?" });

        var json = await posted.Content.ReadAsStringAsync(Ct);

        Assert.Matches("\"sentAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", json);
    }

    [Fact]
    public async Task MetricsAreServedInPrometheusTextFormat()
    {
        var login = await cluster.First.Http.RegisterAndLoginAsync();
        using var posted = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", login.Token, new { text = "counted" });

        using var metrics = await cluster.First.Http.GetAsync("/metrics", Ct);
        var text = await metrics.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Matches(@"parley_messages_sent_total(\{[^}]*\})? [1-9]", text);
    }
}
