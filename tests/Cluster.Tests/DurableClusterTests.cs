using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Frontend.Apis;

namespace Parley.Cluster.Tests;

[Collection(nameof(PostgresCollection))]
public sealed class DurableClusterTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheWholeClusterStoppedAndStartedAgainKeepsEverything()
    {
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Parley"] = await postgres.NewDatabaseAsync() };
        LoginResponse alice;
        string bobName, roomId;
        List<ChatMessage> sent;
        await using (var before = await ParleyServer.StartCombinedAsync(settings))
        {
            alice = await before.Http.RegisterWhenReadyAsync();
            bobName = (await before.Http.RegisterWhenReadyAsync()).Username;
            roomId = await before.Http.CreateRoomAsync(alice.Token, isPrivate: true);
            await using (var chat = await ChatTestClient.ConnectAsync(before.BaseUrl, alice.Token))
            {
                await chat.Connection.InvokeAsync("InviteToRoom", roomId, bobName, Ct);
            }

            sent = [];
            for (var batch = 0; batch < 25; batch++)
            {
                var posts = Enumerable.Range(batch * 10, 10).Select(i => before.Http.TryPostAsync(alice.Token, roomId, $"m{i}", $"c{i}"));
                sent.AddRange((await Task.WhenAll(posts))!);
            }
        }

        await using var after = await ParleyServer.StartCombinedAsync(settings);
        using var me = await after.Http.SendAsync(HttpMethod.Get, "/api/me", alice.Token);
        var bob = await after.Http.LoginAsync(bobName);
        using var bobsRooms = await after.Http.SendAsync(HttpMethod.Get, "/api/rooms", bob.Token);
        var history = await after.Http.ReadAllAsync(bob.Token, roomId);
        var next = await after.Http.TryPostAsync(bob.Token, roomId, "still a member", "bob-1");
        var retried = await after.Http.TryPostAsync(alice.Token, roomId, "m249", "c249");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains((roomId, "Room", true, 250), (await bobsRooms.Content.ReadAsync<RoomInfo[]>()).Select(room => room.V1()));
        ClusterRest.AssertNothingLost(sent, history);
        Assert.Equal(251, next?.Seq);
        Assert.Equal(sent.Single(m => m.ClientMessageId == "c249"), retried);
    }

    [Fact]
    public async Task TwoProcessesGivenTheSameDatabaseFormOneCluster()
    {
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Parley"] = await postgres.NewDatabaseAsync() };
        await using var first = await ParleyServer.StartCombinedAsync(settings);
        await using var second = await ParleyServer.StartCombinedAsync(settings);
        var alice = await first.Http.RegisterWhenReadyAsync();
        var roomId = await second.Http.CreateRoomAsync(alice.Token);
        await using var onFirst = await ChatTestClient.ConnectAsync(first.BaseUrl, alice.Token);
        await onFirst.SubscribeAsync(roomId);

        var hosts = await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(true, Ct);
        var posted = await second.Http.TryPostAsync(alice.Token, roomId, "across the cluster", "x1");

        Assert.Equal(2, hosts.Count);
        Assert.Equal(posted, await onFirst.Messages.NextAsync());
    }
}
