namespace Parley.Grains.Rooms;

/// <summary>
/// Where <see cref="RoomSegments"/> keep a room's unpaged messages. ETags work as in Orleans'
/// grain storage: a write or clear whose ETag is not the stored one (null: "not stored yet")
/// throws <see cref="Orleans.Storage.InconsistentStateException"/>.
/// </summary>
internal interface IRoomSegmentStore
{
    Task<(RoomSegmentState? Segment, string? ETag)> ReadAsync(string roomId, long index);

    /// <summary>Stores the segment and returns its new ETag.</summary>
    Task<string?> WriteAsync(string roomId, long index, RoomSegmentState segment, string? etag);

    Task ClearAsync(string roomId, long index, string? etag);
}
