using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Frontend.Tests.Chat;

/// <summary>
/// The room list and the directory cost the same whether the system holds twenty public rooms or
/// two hundred: counted as the grain calls each request makes on the co-hosted silo.
/// </summary>
public sealed class RoomListCostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListRoomsAndTheDirectoryDoNotGrowWithTheNumberOfRooms()
    {
        var calls = new GrainCallCounter();
        await using var server = await ParleyServer.StartCombinedAsync(configure: builder => builder.Services.AddSingleton<IIncomingGrainCallFilter>(calls));
        var creator = await server.Http.RegisterAndLoginAsync();
        var reader = await server.Http.RegisterAndLoginAsync();
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var joined = new List<string>();
        await CreateRoomsAsync(server, creator.Token, tag, 20);
        foreach (var roomId in (await CreateRoomsAsync(server, creator.Token, "joined", 3)))
        {
            using var join = await server.Http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/join", reader.Token);
            Assert.Equal(HttpStatusCode.OK, join.StatusCode);
            joined.Add(roomId);
        }

        var few = await MeasureAsync(server, calls, reader.Token, tag);
        await CreateRoomsAsync(server, creator.Token, tag, 180);
        var many = await MeasureAsync(server, calls, reader.Token, tag);

        Assert.Equal(few, many);
        Assert.Equal(joined.Count + 1, many.RoomList["IRoomGrain"]); // one summary per membership: the joined rooms and general
        Assert.Equal(1, many.RoomList["IUserGrain"]);
        Assert.Equal(1, many.Directory["IRoomDirectoryGrain"]);
        Assert.False(many.Directory.ContainsKey("IRoomGrain"));
    }

    private static async Task<List<string>> CreateRoomsAsync(ParleyServer server, string token, string tag, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var roomId = $"r-{Guid.NewGuid():N}";
            using var created = await server.Http.SendAsync(HttpMethod.Post, "/api/rooms", token, new { roomId, name = $"{tag} {i}", isPrivate = false });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(roomId);
        }

        return ids;
    }

    private static async Task<Cost> MeasureAsync(ParleyServer server, GrainCallCounter calls, string token, string tag)
    {
        calls.Reset();
        using (var list = await server.Http.SendAsync(HttpMethod.Get, "/api/rooms", token))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        var roomList = calls.Snapshot();
        calls.Reset();
        using (var page = await server.Http.SendAsync(HttpMethod.Get, $"/api/directory?q={tag}&limit=10", token))
        {
            Assert.Equal(10, (await page.Content.ReadAsync<DirectoryPage>()).Rooms.Length);
        }

        return new Cost(roomList, calls.Snapshot());
    }

    private sealed record Cost(SortedDictionary<string, int> RoomList, SortedDictionary<string, int> Directory)
    {
        public bool Equals(Cost? other) => other is not null && RoomList.SequenceEqual(other.RoomList) && Directory.SequenceEqual(other.Directory);

        public override int GetHashCode() => RoomList.Count ^ Directory.Count;
    }

    /// <summary>Counts the calls that reach Parley's grains, by grain interface; Orleans' own system calls are left out.</summary>
    private sealed class GrainCallCounter : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _calls = new();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.DeclaringType is { } grainInterface && grainInterface.Namespace == typeof(IRoomGrain).Namespace)
            {
                _calls.AddOrUpdate(grainInterface.Name, 1, (_, count) => count + 1);
            }

            await context.Invoke();
        }

        public void Reset() => _calls.Clear();

        public SortedDictionary<string, int> Snapshot() => new(_calls, StringComparer.Ordinal);
    }
}
