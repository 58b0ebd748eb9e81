using Orleans.Storage;

namespace Parley.Grains.Rooms;

/// <summary>Segments as state of a synthetic grain id in Parley's grain storage provider (memory, SQLite, PostgreSQL).</summary>
internal sealed class GrainStorageSegmentStore(IGrainStorage storage) : IRoomSegmentStore
{
    private const string StateName = "segment";
    private static readonly GrainType SegmentType = GrainType.Create("room-segment");

    public async Task<(RoomSegmentState? Segment, string? ETag)> ReadAsync(string roomId, long index)
    {
        var state = new GrainState<RoomSegmentState>(new RoomSegmentState());
        await storage.ReadStateAsync(StateName, IdOf(roomId, index), state);
        return (state.RecordExists ? state.State : null, state.ETag);
    }

    public async Task<string?> WriteAsync(string roomId, long index, RoomSegmentState segment, string? etag)
    {
        var state = new GrainState<RoomSegmentState>(segment) { ETag = etag, RecordExists = etag is not null };
        await storage.WriteStateAsync(StateName, IdOf(roomId, index), state);
        return state.ETag;
    }

    public Task ClearAsync(string roomId, long index, string? etag) =>
        storage.ClearStateAsync(StateName, IdOf(roomId, index), new GrainState<RoomSegmentState>(new RoomSegmentState()) { ETag = etag, RecordExists = true });

    private static GrainId IdOf(string roomId, long index) => GrainId.Create(SegmentType, $"{roomId}/{index}");
}
