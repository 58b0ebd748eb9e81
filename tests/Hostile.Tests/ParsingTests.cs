using System.Net;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Hostile.Tests;

/// <summary>Strings are checked where they are read: bad text is a clear error, never a crash or a 500.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class ParsingTests(TwoFrontendsFixture cluster)
{
    private const string LoneSurrogate = "\\ud800";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADdpFrameWithALoneSurrogateIsABadRequestAndTheConnectionGoesOn()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });

        var from = ddp.Count;
        await ddp.SendAsync($$"""{"msg":"{{LoneSurrogate}}"}""");
        await ddp.SendAsync($$"""{"msg":"method","id":"m1","method":"addChat","params":["{{LoneSurrogate}}"]}""");

        await ddp.WaitForAsync(f => f.Msg() == "error" && f.Str("reason") == "Bad request", from);
        await ddp.SendAsync(new { msg = "ping", id = "still-there" });
        await ddp.WaitForAsync(f => f.Msg() == "pong" && f.Str("id") == "still-there", from);
        Assert.Equal(2, ddp.Log.Skip(from).Count(f => f.Msg() == "error"));
    }

    [Fact]
    public async Task ADdpUserWhoseConnectionDiesAfterBadInputGoesOffline()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var watcher = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await watcher.SubscribeAsync(roomId);
        var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });
        await ddp.SubscribeAsync("getChats", new { roomId });
        Assert.True((await watcher.Presence.NextMatchingAsync(p => p.UserId == alice.UserId)).Online);

        await ddp.SendAsync($$"""{"msg":"sub","id":"{{LoneSurrogate}}","name":"getChats"}""");
        await ddp.DisposeAsync();

        Assert.False((await watcher.Presence.NextMatchingAsync(p => p.UserId == alice.UserId)).Online);
        var online = await watcher.Connection.InvokeAsync<UserProfile[]>("GetPresence", roomId, Ct);
        Assert.DoesNotContain(online, user => user.UserId == alice.UserId);
    }

    [Fact]
    public async Task RestBodiesWithALoneSurrogateAreBadRequests()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();

        using var register = await PostRawAsync("/api/auth/register", null, $$"""{"username":"x{{LoneSurrogate}}","password":"correct horse"}""");
        using var post = await PostRawAsync("/api/rooms/general/messages", alice.Token, $$"""{"text":"hi {{LoneSurrogate}}"}""");

        await register.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await post.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task SignalRArgumentsWithALoneSurrogateAreInvalidArguments()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        using var raw = await RawHubClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);

        var error = await raw.InvokeExpectingErrorAsync($$"""{"type":1,"invocationId":"x","target":"SendMessage","arguments":["general","{{LoneSurrogate}}",null]}""");

        Assert.StartsWith("invalid_argument", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice\n")]
    [InlineData("alice\r\n")]
    [InlineData("\nalice")]
    public async Task AUsernameWithALineBreakIsInvalid(string username)
    {
        using var register = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/auth/register", null, new { username, password = RestClient.Password });

        await register.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_username");
    }

    [Fact]
    public async Task ARoomIdWithATrailingNewlineIsInvalidAndLooksUpNothing()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();

        using var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", alice.Token, new { roomId = "newline\n", name = "x", isPrivate = false });
        using var read = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/rooms/general%0A/messages", alice.Token);

        await created.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_room_id");
        await read.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<HttpResponseMessage> PostRawAsync(string path, string? token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await cluster.First.Http.SendAsync(request, Ct);
    }
}
