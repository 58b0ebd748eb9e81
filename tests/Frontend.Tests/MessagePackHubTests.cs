using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Frontend.Tests;

/// <summary>
/// The hub over SignalR's MessagePack protocol: the same methods, the same errors, and payloads
/// with the same names and values as their JSON form, so a client can switch protocols without
/// touching its code.
/// </summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class MessagePackHubTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMessageReachesAMessagePackSubscriberWithItsJsonNamesAndValues()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        using var json = await RawHubClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var packed = await ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        var received = Channel.CreateUnbounded<Dictionary<string, object?>>();
        packed.On<Dictionary<string, object?>>("Message", message => received.Writer.TryWrite(message));
        await json.InvokeAsync("Subscribe", roomId, null);
        var subscribed = await packed.InvokeAsync<Dictionary<string, object?>>("Subscribe", roomId, null, Ct);
        Assert.Equal(0L, Convert.ToInt64(subscribed["latestSeq"], System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(await cluster.First.Http.TryPostAsync(alice.Token, roomId, "héllo 👋", "c-1"));
        var frame = await json.NextFrameAsync();
        while (!frame.TryGetProperty("target", out var target) || target.GetString() != "Message")
        {
            frame = await json.NextFrameAsync(); // presence of the other subscriber
        }

        var viaJson = frame.GetProperty("arguments")[0];
        var viaMessagePack = await received.Reader.ReadAsync(Ct).AsTask().WaitAsync(Waiting.Patience, Ct);

        Assert.Equal(viaJson.EnumerateObject().Select(p => p.Name).Order(), viaMessagePack.Keys.Order());
        foreach (var property in viaJson.EnumerateObject())
        {
            Assert.Equal(property.Value.ToString(), Convert.ToString(viaMessagePack[property.Name], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task SendMessageAnswersTheStoredMessageAndTrailingNullableArgumentsMayBeLeftOut()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var packed = await ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await packed.InvokeAsync<Dictionary<string, object?>>("Subscribe", roomId, Ct); // sinceSeq left out

        var first = await packed.InvokeAsync<Dictionary<string, object?>>("SendMessage", roomId, "one", "k-1", Ct);
        var again = await packed.InvokeAsync<Dictionary<string, object?>>("SendMessage", roomId, "one", "k-1", Ct);

        Assert.Equal(1L, Convert.ToInt64(first["seq"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first["messageId"], again["messageId"]);
        Assert.IsType<string>(first["sentAt"]);
        Assert.EndsWith("Z", (string)first["sentAt"]!, StringComparison.Ordinal);
        var history = await cluster.First.Http.ReadAllAsync(alice.Token, roomId);
        Assert.Equal("one", Assert.Single(history).Text);
    }

    [Fact]
    public async Task BadArgumentsAndUnknownMethodsGetTheSameCodedErrorsAsOverJson()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        await using var packed = await ConnectAsync(cluster.First.BaseUrl, alice.Token);

        await HubErrors.AssertHubErrorAsync("invalid_argument", () => packed.InvokeAsync<object>("GetHistory", "general", null, "ten", Ct));
        await HubErrors.AssertHubErrorAsync("invalid_argument", () => packed.InvokeAsync<object>("SendMessage", 1, 2, 3, Ct));
        await HubErrors.AssertHubErrorAsync("not_found", () => packed.InvokeAsync<object>("NoSuchMethod", Ct));
        await HubErrors.AssertHubErrorAsync("not_found", () => packed.InvokeAsync<object>("Subscribe", "no-such-room", null, Ct));

        var rooms = await packed.InvokeAsync<List<Dictionary<string, object?>>>("ListRooms", Ct);
        Assert.Contains(rooms, room => (string?)room["roomId"] == "general");
    }

    private static async Task<HubConnection> ConnectAsync(Uri baseUrl, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/chat"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddMessagePackProtocol()
            .Build();
        await connection.StartAsync(Ct);
        return connection;
    }
}
