using System.Net.WebSockets;
using System.Text.Json;

namespace Parley.Ddp.Tests;

/// <summary>
/// Frames a Meteor server would refuse get Meteor's answers, and leave the connection (and the
/// front-end) working. Each test ends by showing the connection still answers.
/// </summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class ProtocolTests(TwoFrontendsFixture cluster)
{
    [Fact]
    public async Task TheHandshakeAnswersConnectedWithASessionAndPingsArePonged()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        await ddp.SendAsync(new { msg = "ping", id = "p1" });
        await ddp.SendAsync(new { msg = "ping" });
        var withId = await ddp.WaitForAsync(f => f.Msg() == "pong");
        var withoutId = await ddp.WaitForAsync(f => f.Msg() == "pong", withId.Index + 1);

        Assert.Equal("p1", withId.Frame.Str("id"));
        Assert.False(withoutId.Frame.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task FramesThatAreNotJsonObjectsGetBadRequestAndChangeNothing()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        var from = ddp.Count;

        await ddp.SendAsync("{not json");
        await ddp.SendAsync("42");
        await ddp.SendBytesAsync([0xff, 0xfe, 0x7b], WebSocketMessageType.Binary);
        await ddp.SendAsync("""{"id":"x"}""");
        await ddp.SendAsync("""{"msg":""}""");
        await ddp.SendAsync("""{"msg":"dance","id":"d1"}""");
        await ddp.CallAsync("logout"); // answered after everything sent before it

        var errors = ddp.Log.Skip(from).Where(f => f.Msg() == "error").ToList();
        Assert.All(errors, e => Assert.Equal("Bad request", e.Str("reason")));
        // Meteor echoes what it parsed: nothing for non-JSON and non-objects, the object otherwise.
        Assert.Equal([false, false, false, true, true, true], errors.Select(e => e.TryGetProperty("offendingMessage", out _)));
        Assert.Equal("dance", errors[5].GetProperty("offendingMessage").Str("msg"));
    }

    [Fact]
    public async Task MessagesBeforeConnectAreRefusedUntilTheHandshake()
    {
        await using var ddp = await DdpTestClient.OpenAsync(cluster.First.DdpUrl);

        await ddp.SendAsync(new { msg = "method", id = "1", method = "addChat", @params = new[] { new { text = "too early" } } });
        await ddp.SendAsync(new { msg = "ping" });
        var refusal = await ddp.WaitForAsync(f => f.Msg() == "error");
        var second = await ddp.WaitForAsync(f => f.Msg() == "error", refusal.Index + 1);
        await ddp.SendAsync(new { msg = "connect", version = "1", support = new[] { "1" } });
        var connected = await ddp.WaitForAsync(f => f.Msg() == "connected");
        await ddp.SendAsync(new { msg = "connect", version = "1", support = new[] { "1" } });
        var again = await ddp.WaitForAsync(f => f.Msg() == "error", connected.Index);

        Assert.Equal("Must connect first", refusal.Frame.Str("reason"));
        Assert.Equal("addChat", refusal.Frame.GetProperty("offendingMessage").Str("method"));
        Assert.Equal("Must connect first", second.Frame.Str("reason"));
        Assert.DoesNotContain(ddp.Log, f => f.Msg() is "result" or "pong");
        Assert.Equal("Already connected", again.Frame.Str("reason"));
    }

    [Theory]
    [InlineData("""{"msg":"connect","version":"pre1","support":["pre1"]}""")]
    [InlineData("""{"msg":"connect","version":"2","support":["2","1"]}""")]
    [InlineData("""{"msg":"connect","version":"1"}""")]
    [InlineData("""{"msg":"connect","version":"1","support":["pre2"]}""")]
    public async Task AnUnsupportedVersionIsToldToUseVersion1AndDisconnected(string connect)
    {
        await using var ddp = await DdpTestClient.OpenAsync(cluster.First.DdpUrl);

        await ddp.SendAsync(connect);
        var failed = await ddp.WaitForAsync(f => f.Msg() == "failed");
        var (status, _) = await ddp.Closed.Task.Within();

        Assert.Equal("1", failed.Frame.Str("version"));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.DoesNotContain(ddp.Log, f => f.Msg() == "connected");
    }

    [Fact]
    public async Task MalformedMethodsAndSubscriptionsAreRefusedAsMeteorDoes()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        var from = ddp.Count;

        await ddp.SendAsync("""{"msg":"method","method":"addChat","params":[]}""");
        await ddp.SendAsync("""{"msg":"method","id":7,"method":"addChat"}""");
        await ddp.SendAsync("""{"msg":"method","id":"8","method":"addChat","params":{"text":"hi"}}""");
        await ddp.SendAsync("""{"msg":"method","id":"9","method":"addChat","params":[],"randomSeed":5}""");
        await ddp.SendAsync("""{"msg":"sub","name":"getChats"}""");
        await ddp.SendAsync("""{"msg":"sub","id":"s1","name":"getChats","params":"general"}""");
        await ddp.CallAsync("logout");

        var refusals = ddp.Log.Skip(from).Where(f => f.Msg() == "error").ToList();
        Assert.Equal(
            [.. Enumerable.Repeat("Malformed method invocation", 4), .. Enumerable.Repeat("Malformed subscription", 2)],
            refusals.Select(f => f.Str("reason")));
        Assert.All(refusals, f => Assert.True(f.TryGetProperty("offendingMessage", out _)));
        Assert.Single(ddp.Log, f => f.Msg() == "result");
        Assert.DoesNotContain(ddp.Log, f => f.Msg() is "ready" or "nosub");
    }

    [Fact]
    public async Task AnUnknownMethodAnswers404ThenUpdatedAndAnUnknownSubscriptionNosub404()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        var result = await ddp.CallAsync("launchRockets", 1, 2);
        var id = $"sub{ddp.NextId()}";
        await ddp.SendAsync(new { msg = "sub", id, name = "allSecrets" });
        var nosub = await ddp.WaitForAsync(f => f.Msg() == "nosub" && f.Str("id") == id);

        AssertMeteorError(result.Error(), 404, "Method 'launchRockets' not found");
        AssertMeteorError(nosub.Frame.Error(), 404, "Subscription 'allSecrets' not found");
    }

    [Fact]
    public async Task ThePublicationsAMeteorClientSubscribesToByItselfAreReadyAndEmpty()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        var from = ddp.Count;
        await ddp.SubscribeAsync("meteor.loginServiceConfiguration");
        await ddp.SubscribeAsync("meteor_autoupdate_clientVersions");

        Assert.DoesNotContain(ddp.Log.Skip(from), f => f.Msg() is "added" or "nosub");
    }

    [Fact]
    public async Task UnsubscribingAnUnknownIdAnswersNosubAsMeteorDoes()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        await ddp.SendAsync(new { msg = "unsub", id = "never-subscribed" });
        var nosub = await ddp.WaitForAsync(f => f.Msg() == "nosub");

        Assert.Equal("never-subscribed", nosub.Frame.Str("id"));
        Assert.False(nosub.Frame.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task AFrameOverTheSizeLimitGetsAnErrorAndClosesWithMessageTooBig()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        var huge = new string('x', 70_000);

        await ddp.SendAsync(JsonSerializer.Serialize(new { msg = "method", id = "1", method = "addChat", @params = new[] { new { text = huge } } }));
        var (status, description) = await ddp.Closed.Task.Within();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Contains("65536", description, StringComparison.Ordinal);
        Assert.Contains(ddp.Log, f => f.Msg() == "error" && f.Str("reason") == "Frame too large");
        Assert.DoesNotContain(ddp.Log, f => f.Msg() == "result");
        await using var next = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl); // the front-end is fine
    }

    [Fact]
    public async Task MethodsThatNeedAUserAnswerUnauthorizedBeforeLogin()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        var addChat = await ddp.CallAsync("addChat", new { text = "hello?" });
        var createRoom = await ddp.CallAsync("createRoom", new { roomId = "nope" });
        var logout = await ddp.CallAsync("logout");

        AssertMeteorError(addChat.Error(), "unauthorized", "log in first");
        AssertMeteorError(createRoom.Error(), "unauthorized", "log in first");
        Assert.False(logout.TryGetProperty("error", out _));
        Assert.False(logout.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task BadCredentialsAndBadArgumentsAreMeteorErrorsWithParleyCodes()
    {
        var user = await cluster.First.Http.RegisterAndLoginAsync();
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        var wrongPassword = await ddp.CallAsync("login", new { user = new { username = user.Username }, password = new { digest = new string('0', 64), algorithm = "sha-256" } });
        var unknownToken = await ddp.CallAsync("login", new { resume = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
        var garbageToken = await ddp.CallAsync("login", new { resume = 12 });
        var unrecognized = await ddp.CallAsync("login", new { oauth = "x" });
        var wrongAlgorithm = await ddp.CallAsync("login", new { user = new { username = user.Username }, password = new { digest = "abc", algorithm = "md5" } });
        var takenName = await ddp.CallAsync("createUser", new { username = user.Username, password = RestClient.Password });
        await ddp.CallOkAsync("login", new { resume = user.Token });
        var tooLong = await ddp.CallAsync("addChat", new { text = new string('y', 4001) });
        var badRoom = await ddp.CallAsync("addChat", new { roomId = "No Such Room!", text = "hi" });
        var wrongType = await ddp.CallAsync("addChat", new { text = 5 });

        // Meteor's own accounts methods answer as accounts-password does; Parley's methods with Parley's codes.
        AssertMeteorError(wrongPassword.Error(), 403, "Login failure. Please check your login credentials.");
        AssertMeteorError(unknownToken.Error(), 403, "You've been logged out by the server. Please log in again.");
        AssertMeteorError(garbageToken.Error(), 403, "You've been logged out by the server. Please log in again.");
        AssertMeteorError(unrecognized.Error(), 400, "Unrecognized options for login request");
        AssertMeteorError(wrongAlgorithm.Error(), 400, "Invalid password hash algorithm. Only 'sha-256' is allowed.");
        AssertMeteorError(takenName.Error(), 403, "Username already exists.");
        Assert.Equal("message_too_long", tooLong.Error().Str("error"));
        Assert.Equal("not_found", badRoom.Error().Str("error"));
        Assert.Equal("invalid_argument", wrongType.Error().Str("error"));
    }

    [Fact]
    public async Task AClientThatKeepsSendingGarbageNeverTakesTheFrontendDown()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        string[] garbage =
        [
            "", "null", "[]", "{}", """{"msg":null}""", """{"msg":{}}""", """{"msg":"sub","id":"s","name":"getChats","params":[7]}""",
            """{"msg":"sub","id":"t","name":"getChats","params":[{"limit":"all"}]}""", """{"msg":"unsub"}""",
            """{"msg":"method","id":"m","method":"login","params":[null]}""", """{"msg":"method","id":"n","method":"createUser","params":[[]]}""",
            new string('[', 200) + new string(']', 200),
        ];

        foreach (var frame in garbage)
        {
            await ddp.SendAsync(frame);
        }

        await ddp.CallAsync("logout");

        Assert.Equal(2, ddp.Log.Count(f => f.Msg() == "nosub" && f.TryGetProperty("error", out var e) && e.Str("error") == "invalid_argument"));
        Assert.Equal(2, ddp.Log.Count(f => f.Msg() == "result" && f.TryGetProperty("error", out var e) && e.GetProperty("error") is { ValueKind: JsonValueKind.Number } n && n.GetInt32() == 400));
        Assert.Equal(7, ddp.Log.Count(f => f.Msg() == "error" && f.Str("reason") == "Bad request"));
        Assert.Single(ddp.Log, f => f.Msg() == "nosub" && !f.TryGetProperty("id", out _));
    }

    internal static void AssertMeteorError(JsonElement error, object code, string reason)
    {
        var expectedCode = code is int number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : (string)code;
        var actualCode = error.GetProperty("error") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : error.Str("error");
        Assert.Equal(code is int ? JsonValueKind.Number : JsonValueKind.String, error.GetProperty("error").ValueKind);
        Assert.Equal(expectedCode, actualCode);
        Assert.Equal(reason, error.Str("reason"));
        Assert.Equal($"{reason} [{expectedCode}]", error.Str("message"));
        Assert.Equal("Meteor.Error", error.Str("errorType"));
        Assert.True(error.GetProperty("isClientSafe").GetBoolean());
    }
}
