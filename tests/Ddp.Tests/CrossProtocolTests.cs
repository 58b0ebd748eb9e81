using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Frontend.Auth;
using Parley.Frontend.Hubs;

namespace Parley.Ddp.Tests;

/// <summary>DDP runs on the same grains as REST and SignalR: one login, one fan-out, one logout.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class CrossProtocolTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATokenFromRestResumesOnDdpAndADdpLoginWorksOnRest()
    {
        var rest = await cluster.First.Http.RegisterAndLoginAsync();
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);

        var resumed = await ddp.CallOkAsync("login", new { resume = rest.Token });
        var userDoc = await ddp.WaitForAsync(f => f.Is("added", "users", rest.UserId));
        var viaDigest = await ddp.CallOkAsync("login", new
        {
            user = new { username = rest.Username.ToUpperInvariant() },
            password = new { digest = PasswordDigest.Of(RestClient.Password).ToUpperInvariant(), algorithm = "sha-256" },
        });
        using var me = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/me", viaDigest.Str("token"));

        Assert.Equal((rest.UserId, rest.Token, "resume"), (resumed.Str("id"), resumed.Str("token"), resumed.Str("type")));
        Assert.Equal(rest.ExpiresAt.ToUnixTimeMilliseconds(), resumed.GetProperty("tokenExpires").GetProperty("$date").GetInt64());
        Assert.Equal(rest.Username, userDoc.Frame.Field("username").GetString());
        Assert.Equal((rest.UserId, "password"), (viaDigest.Str("id"), viaDigest.Str("type")));
        Assert.NotEqual(rest.Token, viaDigest.Str("token"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Single(ddp.Log, f => f.Is("added", "users")); // the same user logging in again is no new document
    }

    [Fact]
    public async Task AnAccountCreatedOverDdpLogsInOverRestWithThePlainPassword()
    {
        var username = RestClient.UniqueName();
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);

        var created = await ddp.CallOkAsync("createUser", new
        {
            username,
            password = new { digest = PasswordDigest.Of(RestClient.Password), algorithm = "sha-256" },
        });
        using var login = await cluster.First.Http.PostAsJsonAsync("/api/auth/login", new { username, password = RestClient.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("password", created.Str("type"));
        Assert.Contains(ddp.Log, f => f.Is("added", "users", created.Str("id")));
    }

    [Fact]
    public async Task MessagesPostedOverAnyProtocolReachDdpSubscribersLiveInSeqOrder()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await using var listener = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await listener.CallOkAsync("login", new { resume = bob.Token });
        await listener.SubscribeAsync("getChats", new { roomId });
        await using var signalR = await ConnectSignalRAsync(cluster.Second, alice.Token);
        await using var poster = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await poster.CallOkAsync("login", new { resume = alice.Token });

        var sends = Enumerable.Range(0, 30).Select(i => (i % 3) switch
        {
            0 => (Task)PostOverRestAsync(alice.Token, roomId, $"rest {i}"),
            1 => signalR.InvokeAsync<ChatMessage>("SendMessage", roomId, $"signalr {i}", null, Ct),
            _ => poster.CallOkAsync("addChat", new { roomId, text = $"ddp {i}" }),
        });
        await Task.WhenAll(sends);
        await listener.WaitForAsync(f => f.Is("added", "chats") && f.Field("seq").GetInt64() == 30);

        var added = listener.Log.Where(f => f.Is("added", "chats")).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), added.Select(f => f.Field("seq").GetInt64()));
        Assert.Equal(30, added.Select(f => f.Str("id")).Distinct().Count());
        Assert.All(added, f => Assert.Equal(roomId, f.Field("roomId").GetString()));
        Assert.Equal(10, added.Count(f => f.Field("text").GetString()!.StartsWith("ddp", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetChatsReplaysTheNewestMessagesThenLiveAndUnsubRemovesThem()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        for (var i = 1; i <= 5; i++)
        {
            await PostOverRestAsync(alice.Token, roomId, $"old {i}");
        }

        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });
        var before = ddp.Count;
        var subId = await ddp.SubscribeAsync("getChats", new { roomId, limit = 3 });
        var ready = await ddp.WaitForAsync(f => f.Msg() == "ready", before);
        var replayed = ddp.Log.Skip(before).Take(ready.Index - before).ToList();
        var call = await ddp.CallAsync("addChat", new { roomId, text = "new" });
        var live = await ddp.WaitForAsync(f => f.Is("added", "chats", call.Str("result")));
        var resultIndex = ddp.Log.ToList().FindIndex(f => f.Msg() == "result" && f.Str("id") == call.Str("id"));
        var unsubFrom = ddp.Count;
        await ddp.SendAsync(new { msg = "unsub", id = subId });
        var nosub = await ddp.WaitForAsync(f => f.Msg() == "nosub" && f.Str("id") == subId, unsubFrom);

        Assert.Equal([3L, 4L, 5L], replayed.Select(f => f.Field("seq").GetInt64()));
        Assert.All(replayed, f => Assert.True(f.Is("added", "chats")));
        var first = replayed[0];
        Assert.Equal(("old 3", alice.UserId, alice.Username), (first.Field("text").GetString(), first.Field("senderId").GetString(), first.Field("senderName").GetString()));
        Assert.True(first.Field("createdAt").GetProperty("$date").GetInt64() > 0);
        Assert.Equal(6, live.Frame.Field("seq").GetInt64());
        Assert.True(live.Index < resultIndex, "the caller sees its chat added before the method's result, as Meteor's write fence orders them");
        var removed = ddp.Log.Skip(unsubFrom).Take(nosub.Index - unsubFrom).ToList();
        Assert.Equal(4, removed.Count(f => f.Is("removed", "chats")));
        Assert.False(nosub.Frame.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task ASubscriptionMadeBeforeLoginIsReadyEmptyAndPublishesOnceTheUserLogsIn()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await CreateRoomAsync(alice.Token);
        await PostOverRestAsync(alice.Token, roomId, "waiting for you");
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);

        await ddp.SubscribeAsync("getChats", new { roomId });
        var beforeLogin = ddp.Log.Count(f => f.Is("added", "chats"));
        await ddp.CallOkAsync("login", new { resume = alice.Token });
        var replay = await ddp.WaitForAsync(f => f.Is("added", "chats"));
        var logoutFrom = ddp.Count;
        await ddp.CallOkAsync("logout");
        var loggedOut = ddp.Log.Skip(logoutFrom).TakeWhile(f => f.Msg() != "result").ToList();

        Assert.Equal(0, beforeLogin);
        Assert.Equal("waiting for you", replay.Frame.Field("text").GetString());
        Assert.Contains(loggedOut, f => f.Is("removed", "chats", replay.Frame.Str("id")));
        Assert.Contains(loggedOut, f => f.Is("removed", "users", alice.UserId));
        Assert.Single(ddp.Log, f => f.Msg() == "ready"); // reruns do not repeat ready
    }

    [Fact]
    public async Task APrivateRoomIsRefusedToStrangersWithForbidden()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var mallory = await cluster.First.Http.RegisterAndLoginAsync();
        await using var owner = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        await owner.CallOkAsync("login", new { resume = alice.Token });
        var roomId = $"secret-{Guid.NewGuid():N}"[..20];
        var room = await owner.CallOkAsync("createRoom", new { roomId, name = "Secret", isPrivate = true });
        await using var stranger = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await stranger.CallOkAsync("login", new { resume = mallory.Token });

        var id = $"sub{stranger.NextId()}";
        await stranger.SendAsync(new { msg = "sub", id, name = "getChats", @params = new[] { new { roomId } } });
        var nosub = await stranger.WaitForAsync(f => f.Msg() == "nosub" && f.Str("id") == id);
        var post = await stranger.CallAsync("addChat", new { roomId, text = "let me in" });

        Assert.Equal((roomId, "Secret", true, 0L), (room.Str("roomId"), room.Str("name"), room.GetProperty("isPrivate").GetBoolean(), room.GetProperty("latestSeq").GetInt64()));
        Assert.Equal("forbidden", nosub.Frame.Error().Str("error"));
        Assert.Equal("forbidden", post.Error().Str("error"));
    }

    [Fact]
    public async Task ADdpLogoutEndsTheSessionOnSignalRConnectionsOfEveryFrontend()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
        var login = await ddp.CallOkAsync("login", new { user = new { username = alice.Username }, password = RestClient.Password });
        var token = login.Str("token")!;
        var ended = Channel.CreateUnbounded<SessionEndedEvent>();
        await using var onSecond = await ConnectSignalRAsync(cluster.Second, token, ended);
        await using var onFirst = await ConnectSignalRAsync(cluster.First, token, ended);
        await using var otherSession = await ConnectSignalRAsync(cluster.Second, alice.Token, ended);

        await ddp.CallOkAsync("logout");
        var first = await ended.NextAsync();
        var second = await ended.NextAsync();
        using var me = await cluster.Second.Http.SendAsync(HttpMethod.Get, "/api/me", token);
        var stillLoggedOut = await ddp.CallAsync("addChat", new { text = "am I here?" });

        Assert.Equal(("logout", "logout"), (first.Reason, second.Reason));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HubConnectionState.Connected, otherSession.State); // alice's REST session lives on
        Assert.Equal("unauthorized", stillLoggedOut.Error().Str("error"));
        Assert.False(ddp.Closed.Task.IsCompleted, "logout leaves the DDP connection open, as Meteor's does");
        Assert.False(ended.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ADdpLogoutRightAfterASignalRConnectStillEndsThatConnection()
    {
        // A logout between the hub's token check and its registering the connection used to reach
        // no one, leaving a SignalR connection open on a dead session (about 1 connect in 13).
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var ddp = await DdpTestClient.ConnectAsync(cluster.First.DdpUrl);
            var token = (await ddp.CallOkAsync("login", new { user = new { username = alice.Username }, password = RestClient.Password })).Str("token")!;
            var ended = Channel.CreateUnbounded<SessionEndedEvent>();
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(cluster.Second.BaseUrl, "/hubs/chat"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .AddJsonProtocol(options => WireJson.Configure(options.PayloadSerializerOptions))
                .Build();
            await using (connection)
            {
                connection.On<SessionEndedEvent>(nameof(IChatClient.SessionEnded), e => ended.Writer.TryWrite(e));
                await connection.StartAsync(Ct);
                await ddp.CallOkAsync("logout");

                Assert.Equal("logout", (await ended.NextAsync()).Reason);
            }
        }
    }

    [Fact]
    public async Task ALogoutElsewhereRemovesTheUserDocumentAndClosesTheDdpConnection()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = alice.Token });

        using var logout = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/auth/logout", alice.Token);
        var (status, description) = await ddp.Closed.Task.Within();

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("session ended: logout", description);
        Assert.True(ddp.Log[^1].Is("removed", "users", alice.UserId), $"last frame was {ddp.Log[^1]}");
        await using var again = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        var resume = await again.CallAsync("login", new { resume = alice.Token });
        Assert.Equal(403, resume.Error().GetProperty("error").GetInt32());
    }

    private async Task<string> CreateRoomAsync(string token)
    {
        var roomId = $"r{Guid.NewGuid():N}"[..20];
        using var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", token, new { roomId, name = roomId, isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return roomId;
    }

    private async Task<ChatMessage?> PostOverRestAsync(string token, string roomId, string text)
    {
        using var posted = await cluster.First.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", token, new { text, clientMessageId = Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        return await posted.Content.ReadFromJsonAsync<ChatMessage>(Ct);
    }

    private static async Task<HubConnection> ConnectSignalRAsync(ParleyServer server, string token, Channel<SessionEndedEvent>? ended = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseUrl, "/hubs/chat"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(options => WireJson.Configure(options.PayloadSerializerOptions))
            .Build();
        connection.On<SessionEndedEvent>(nameof(IChatClient.SessionEnded), e => ended?.Writer.TryWrite(e));
        await connection.StartAsync(Ct);
        // StartAsync returns at the handshake, possibly before the hub registered the connection for
        // session ends; the hub answers invocations only after that, so one round trip settles it.
        await connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct);
        return connection;
    }
}
