using System.Net;
using System.Net.Http.Json;

namespace Parley.Frontend.Tests;

/// <summary>Dev mode's default storage: a SQLite file under the data directory that outlives the process.</summary>
public sealed class DevModePersistenceTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"parley-dev-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARestartKeepsAccountsSessionsRoomsMessagesAndSigningKeys()
    {
        // 150 messages: the first 100 move into a history page, the rest stay in the room's segments.
        const int sent = 150;
        var settings = new Dictionary<string, string>
        {
            ["Parley:Storage"] = "Sqlite",
            ["Parley:DataDirectory"] = _dataDirectory,
            ["Parley:RateLimits:SendsPerSecond"] = "10000",
            ["Parley:RateLimits:SendBurst"] = "10000",
        };
        LoginResponseAndRoom before;
        string jwksBefore;
        await using (var first = await ParleyServer.StartCombinedAsync(settings))
        {
            var login = await first.Http.RegisterAndLoginAsync();
            var roomId = $"r-{Guid.NewGuid():N}";
            using var created = await first.Http.SendAsync(HttpMethod.Post, "/api/rooms", login.Token, new { roomId, name = "Kept", isPrivate = true });
            for (var i = 1; i <= sent; i++)
            {
                using var posted = await first.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", login.Token, new { text = $"m{i}" });
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }

            before = new LoginResponseAndRoom(login.Username, login.Token, roomId);
            jwksBefore = await first.Http.GetStringAsync("/.well-known/jwks.json", Ct);
        }

        Assert.True(File.Exists(Path.Combine(_dataDirectory, "parley.db")));
        await using var second = await ParleyServer.StartCombinedAsync(settings);
        using var history = await second.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{before.RoomId}/messages?limit=200", before.Token);
        using var rooms = await second.Http.SendAsync(HttpMethod.Get, "/api/rooms", before.Token);
        var relogin = await second.Http.LoginAsync(before.Username);
        var jwksAfter = await second.Http.GetStringAsync("/.well-known/jwks.json", Ct);

        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Equal(Enumerable.Range(1, sent).Select(i => $"m{i}"), (await history.Content.ReadFromJsonAsync<ChatMessage[]>(Ct))!.Select(m => m.Text));
        Assert.Contains((before.RoomId, "Kept", true, sent), (await rooms.Content.ReadAsync<RoomInfo[]>()).Select(room => room.V1()));
        Assert.NotEqual(before.Token, relogin.Token);
        Assert.Equal(jwksBefore, jwksAfter); // tokens signed before the restart still verify
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private sealed record LoginResponseAndRoom(string Username, string Token, string RoomId);
}
