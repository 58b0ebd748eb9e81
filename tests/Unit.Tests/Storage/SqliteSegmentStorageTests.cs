using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Parley.Grains;
using Parley.Hosting.Schema;
using Parley.Hosting.Storage;

namespace Parley.Unit.Tests.Storage;

/// <summary>Dev mode's segment table on a real SQLite file: rooms' writes share transactions, and segments stored before the table existed are moved on their next write.</summary>
public sealed class SqliteSegmentStorageTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"parley-segments-{Guid.NewGuid():N}.db");
    private readonly EarlierStorage _earlier = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private SqliteSegmentStorage _storage = null!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = $"Data Source={_file}";
        await DatabaseSchema.EnsureAsync(DatabaseKind.Sqlite, connectionString, TestContext.Current.CancellationToken);
        var serializer = new ParleyStorageSerializer(new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()));
        _storage = new SqliteSegmentStorage(new SqliteDataSource(connectionString), serializer, "service", _earlier);
    }

    public async ValueTask DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task ConcurrentWritesOfManyRoomsAllCommitAndReadBack()
    {
        var states = Enumerable.Range(0, 300).Select(i => new GrainState<string>($"messages of room {i}")).ToArray();
        await Task.WhenAll(states.Select((state, i) => _storage.WriteStateAsync("segment", Segment($"room-{i}", 0), state)));
        await Task.WhenAll(states.Select((state, i) => _storage.WriteStateAsync("segment", Segment($"room-{i}", 0), new GrainState<string>($"more of room {i}") { ETag = state.ETag })));

        for (var i = 0; i < states.Length; i += 37)
        {
            var read = new GrainState<string>();
            await _storage.ReadStateAsync("segment", Segment($"room-{i}", 0), read);
            Assert.Equal(($"more of room {i}", "2", true), (read.State, read.ETag, read.RecordExists));
        }
    }

    [Fact]
    public async Task AStaleWriteFailsAloneAndItsBatchCommits()
    {
        var first = new GrainState<string>("one");
        await _storage.WriteStateAsync("segment", Segment("stale", 3), first);

        var stale = _storage.WriteStateAsync("segment", Segment("stale", 3), new GrainState<string>("lost") { ETag = "7" });
        var others = Enumerable.Range(0, 20).Select(i => _storage.WriteStateAsync("segment", Segment($"other-{i}", 0), new GrainState<string>("kept"))).ToArray();

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        await Task.WhenAll(others);
        var read = new GrainState<string>();
        await _storage.ReadStateAsync("segment", Segment("stale", 3), read);
        Assert.Equal("one", read.State);
    }

    [Fact]
    public async Task ASegmentStoredBeforeTheTableIsReadThenMovedByItsNextWrite()
    {
        var id = Segment("older", 1);
        _earlier.Rows[id] = ("stored by an older Parley", "5");

        var read = new GrainState<string>();
        await _storage.ReadStateAsync("segment", id, read);
        Assert.Equal(("stored by an older Parley", true), (read.State, read.RecordExists));

        read.State = "appended since";
        await _storage.WriteStateAsync("segment", id, read);

        Assert.False(_earlier.Rows.ContainsKey(id));
        var again = new GrainState<string>();
        await _storage.ReadStateAsync("segment", id, again);
        Assert.Equal(("appended since", "1"), (again.State, again.ETag));
    }

    [Fact]
    public async Task ClearingASegmentStoredBeforeTheTableClearsItThere()
    {
        var id = Segment("older", 2);
        _earlier.Rows[id] = ("paged out soon", "9");
        var read = new GrainState<string>();
        await _storage.ReadStateAsync("segment", id, read);

        await _storage.ClearStateAsync("segment", id, read);

        Assert.False(_earlier.Rows.ContainsKey(id));
        var again = new GrainState<string>();
        await _storage.ReadStateAsync("segment", id, again);
        Assert.False(again.RecordExists);
    }

    private static GrainId Segment(string roomId, long index) => GrainId.Create(StorageNames.SegmentGrainType, $"{roomId}/{index}");

    /// <summary>Orleans' own grain storage as an older Parley left it: rows with their versions.</summary>
    private sealed class EarlierStorage : IGrainStorage
    {
        public ConcurrentDictionary<GrainId, (string State, string ETag)> Rows { get; } = new();

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var found = Rows.TryGetValue(grainId, out var row);
            (grainState.State, grainState.ETag, grainState.RecordExists) = found ? ((T)(object)row.State, row.ETag, true) : (default!, null, false);
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            throw new InvalidOperationException("segments are written to Parley's table only");

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Assert.Equal(Rows[grainId].ETag, grainState.ETag);
            Rows.TryRemove(grainId, out _);
            return Task.CompletedTask;
        }
    }
}
