using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Hostile.Tests;

/// <summary>Every limit answers with the protocol's error, never a 500 or a silent drop of something that matters.</summary>
public sealed class LimitTests : IAsyncLifetime
{
    private const int MaxSubscriptions = 3;
    private const int MaxConnections = 2;
    private const int RoomsPerMinute = 4;
    private const int InvitesPerMinute = 3;

    private ParleyServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string>
    {
        ["Parley:Limits:MaxSubscriptionsPerConnection"] = $"{MaxSubscriptions}",
        ["Parley:Limits:MaxConnectionsPerUser"] = $"{MaxConnections}",
        ["Parley:Users:RoomCreationsPerMinute"] = $"{RoomsPerMinute}",
        ["Parley:Users:InvitesPerMinute"] = $"{InvitesPerMinute}",
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ASignalRConnectionMaySubscribeToOnlySoManyRooms()
    {
        var alice = await _server.Http.RegisterAndLoginAsync();
        await using var chat = await ChatTestClient.ConnectAsync(_server.BaseUrl, alice.Token);
        var rooms = new List<string> { "general" };
        while (rooms.Count <= MaxSubscriptions)
        {
            rooms.Add(await CreateRoomAsync(alice.Token));
        }

        foreach (var room in rooms.Take(MaxSubscriptions))
        {
            await chat.SubscribeAsync(room);
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => chat.SubscribeAsync(rooms[^1]));
        Assert.StartsWith("limit_exceeded", refused.Message, StringComparison.Ordinal);
        await chat.SubscribeAsync(rooms[0]); // subscribing again to one it has is no new subscription
        await chat.Connection.InvokeAsync("Unsubscribe", rooms[0], Ct);
        await chat.SubscribeAsync(rooms[^1]);
    }

    [Fact]
    public async Task ADdpConnectionMayHoldOnlySoManySubscriptionsAndOnlyShortIds()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(_server.DdpUrl);
        for (var i = 0; i < MaxSubscriptions; i++)
        {
            await ddp.SubscribeAsync("getChats");
        }

        var from = ddp.Count;
        await ddp.SendAsync(new { msg = "sub", id = "one-too-many", name = "getChats" });
        await ddp.SendAsync(new { msg = "sub", id = new string('s', 2048), name = "getChats" });
        await ddp.SendAsync(new { msg = "method", id = new string('m', 2048), method = "logout" });

        var nosub = await ddp.WaitForAsync(f => f.Msg() == "nosub" && f.Str("id") == "one-too-many", from);
        Assert.Equal("limit_exceeded", nosub.Frame.Error().Str("error"));
        var first = await ddp.WaitForAsync(IsIdTooLong, from);
        await ddp.WaitForAsync(IsIdTooLong, first.Index + 1);
        static bool IsIdTooLong(System.Text.Json.JsonElement frame) => frame.Msg() == "error" && frame.Str("reason")!.Contains("limited to", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserMayHaveOnlySoManyConnectionsOnAFrontend()
    {
        var alice = await _server.Http.RegisterAndLoginAsync();
        var open = new List<ChatTestClient>();
        for (var i = 0; i < MaxConnections; i++)
        {
            open.Add(await ChatTestClient.ConnectAsync(_server.BaseUrl, alice.Token));
        }

        await using var refused = await ChatTestClient.ConnectAsync(_server.BaseUrl, alice.Token);
        var closed = await refused.Closed.Task.WaitAsync(Waiting.Patience, Ct);
        Assert.Contains("limit_exceeded", closed?.Message, StringComparison.Ordinal);
        await using var ddp = await DdpTestClient.ConnectAsync(_server.DdpUrl);
        var login = await ddp.CallAsync("login", new { resume = alice.Token });
        Assert.Equal(403, login.Error().GetProperty("error").GetInt32());

        // The slot frees once the server has seen the connection go, a moment after the client.
        var connections = _server.ConnectionCount;
        await open[0].DisposeAsync();
        await Waiting.UntilAsync(() => _server.ConnectionCount < connections);
        await ddp.CallOkAsync("login", new { resume = alice.Token });
        foreach (var client in open.Skip(1))
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreatingRoomsIsRateLimitedOnEveryProtocol()
    {
        var alice = await _server.Http.RegisterAndLoginAsync();
        for (var i = 0; i < RoomsPerMinute; i++)
        {
            await CreateRoomAsync(alice.Token);
        }

        using var tooFast = await _server.Http.SendAsync(HttpMethod.Post, "/api/rooms", alice.Token, new { roomId = $"r-{Guid.NewGuid():N}", name = "x" });
        await tooFast.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(tooFast.Headers.RetryAfter);

        await using var chat = await ChatTestClient.ConnectAsync(_server.BaseUrl, alice.Token);
        var overSignalR = await Assert.ThrowsAsync<HubException>(() => chat.Connection.InvokeAsync<RoomInfo>("CreateRoom", $"r-{Guid.NewGuid():N}", "x", false, Ct));
        Assert.StartsWith("rate_limited", overSignalR.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvitingIsRateLimited()
    {
        var alice = await _server.Http.RegisterAndLoginAsync();
        var bob = await _server.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token, isPrivate: true);
        await using var chat = await ChatTestClient.ConnectAsync(_server.BaseUrl, alice.Token);
        for (var i = 0; i < InvitesPerMinute; i++)
        {
            await chat.Connection.InvokeAsync("InviteToRoom", roomId, bob.Username, Ct);
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => chat.Connection.InvokeAsync("InviteToRoom", roomId, bob.Username, Ct));
        Assert.StartsWith("rate_limited", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypingIsPassedOnAtMostOncePerIntervalButAMessageEndsIt()
    {
        var alice = await _server.Http.RegisterAndLoginAsync();
        var bob = await _server.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var typist = await ChatTestClient.ConnectAsync(_server.BaseUrl, alice.Token);
        await using var reader = await ChatTestClient.ConnectAsync(_server.BaseUrl, bob.Token);
        await reader.SubscribeAsync(roomId);

        for (var i = 0; i < 200; i++)
        {
            await typist.Connection.InvokeAsync("Typing", roomId, Ct);
        }

        // The rest of the burst was dropped before any grain call, so nothing else is on its way.
        await reader.Typing.NextAsync();
        await typist.SendAsync(roomId, "done typing");
        await reader.Messages.NextAsync();
        Assert.False(reader.Typing.Reader.TryRead(out _));
        await typist.Connection.InvokeAsync("Typing", roomId, Ct);
        await reader.Typing.NextAsync();
        Assert.False(reader.Typing.Reader.TryRead(out _));
    }

    [Fact]
    public async Task AnonymousBodiesAreSmallAndOthersBounded()
    {
        var alice = await _server.Http.RegisterAndLoginAsync();
        var padding = new string('x', 20 * 1024);

        using var login = await _server.Http.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { username = "someone", password = padding });
        using var post = await _server.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", alice.Token, new { text = "fine", clientMessageId = (string?)null, padding });
        using var huge = await _server.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", alice.Token, new { text = new string('y', 300 * 1024) });

        await login.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        await huge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    private async Task<string> CreateRoomAsync(string token, bool isPrivate = false) => await _server.Http.CreateRoomAsync(token, isPrivate);
}
