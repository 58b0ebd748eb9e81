using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Frontend.Tests.Chat;

[Collection(nameof(TwoFrontendsCollection))]
public sealed class DirectoryTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublicRoomsAreFoundByNameAndPagedAndOnlyJoinedRoomsAreListed()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var ids = new List<string>();
        foreach (var (name, isPrivate) in new[] { ("Gamma", false), ("alpha", false), ("Beta", false), ("Delta", true) })
        {
            var roomId = $"r-{Guid.NewGuid():N}";
            using var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", alice.Token, new { roomId, name = $"{name} {tag}", isPrivate });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(roomId);
        }

        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        var firstPage = await bobChat.Connection.InvokeAsync<DirectoryPage>("SearchRooms", tag.ToUpperInvariant(), null, 2, Ct);
        using var secondPage = await cluster.Second.Http.SendAsync(HttpMethod.Get, $"/api/directory?q={tag}&limit=2&cursor={firstPage.Next}", bob.Token);
        var rest = await secondPage.Content.ReadAsync<DirectoryPage>();
        var listedBeforeJoining = await bobChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct);
        await bobChat.Connection.InvokeAsync<RoomInfo>("JoinRoom", firstPage.Rooms[0].RoomId, Ct);
        var listedAfterJoining = await bobChat.Connection.InvokeAsync<RoomInfo[]>("ListRooms", Ct);
        using var renamed = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{ids[0]}", alice.Token, new { name = $"Zeta {tag}", topic = "last" });
        using var afterRename = await cluster.Second.Http.SendAsync(HttpMethod.Get, $"/api/directory?q={tag}", bob.Token);

        Assert.Equal([$"alpha {tag}", $"Beta {tag}"], firstPage.Rooms.Select(room => room.Name));
        Assert.NotNull(firstPage.Next);
        Assert.Equal([$"Gamma {tag}"], rest.Rooms.Select(room => room.Name));
        Assert.Null(rest.Next);
        Assert.DoesNotContain(listedBeforeJoining, room => ids.Contains(room.RoomId));
        Assert.Contains(RoomId.General.Value, listedBeforeJoining.Select(room => room.RoomId));
        Assert.Equal([ids[1]], listedAfterJoining.Select(room => room.RoomId).Intersect(ids));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal([($"alpha {tag}", ""), ($"Beta {tag}", ""), ($"Zeta {tag}", "last")], (await afterRename.Content.ReadAsync<DirectoryPage>()).Rooms.Select(room => (room.Name, room.Topic)));
    }

    [Fact]
    public async Task BadDirectoryQueriesAreRefused()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();

        using var zero = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/directory?limit=0", alice.Token);
        using var huge = await cluster.First.Http.SendAsync(HttpMethod.Get, $"/api/directory?limit={ApiLimits.MaxDirectoryPage + 1}", alice.Token);
        using var longQuery = await cluster.First.Http.SendAsync(HttpMethod.Get, $"/api/directory?q={new string('q', ApiLimits.MaxSearchLength + 1)}", alice.Token);
        using var badCursor = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/directory?cursor=%%%", alice.Token);
        using var anonymous = await cluster.First.Http.SendAsync(HttpMethod.Get, "/api/directory", null);

        await zero.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await huge.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await longQuery.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        await badCursor.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
