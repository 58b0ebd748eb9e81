using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Parley.Hosting.Storage;

/// <summary>
/// <see cref="SegmentTableStorage"/> for SQLite (dev mode): each batch is one immediate
/// transaction, so the rooms of the process take SQLite's single write lock once per batch
/// instead of once per room commit. Segments stored before this table existed are still in
/// Orleans' table (<paramref name="earlier"/>): they are read from there, and their next write
/// moves them here.
/// </summary>
internal sealed class SqliteSegmentStorage(SqliteDataSource database, ParleyStorageSerializer serializer, string serviceId, IGrainStorage earlier)
    : SegmentTableStorage(serializer)
{
    /// <summary>Marks the ETag of a segment read from Orleans' table.</summary>
    private const string EarlierPrefix = "earlier:";

    private const string Select =
        "SELECT version, payload FROM parley_room_segments WHERE service_id = $service AND room_id = $room AND segment = $segment";

    private const string Insert =
        "INSERT INTO parley_room_segments (service_id, room_id, segment, version, payload) VALUES ($service, $room, $segment, 1, $payload) " +
        "ON CONFLICT DO NOTHING";

    private const string Update =
        "UPDATE parley_room_segments SET version = version + 1, payload = $payload " +
        "WHERE service_id = $service AND room_id = $room AND segment = $segment AND version = $version";

    private const string Delete =
        "DELETE FROM parley_room_segments WHERE service_id = $service AND room_id = $room AND segment = $segment AND version = $version";

    public override async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (roomId, index) = KeyOf(grainId);
        await using (var connection = (SqliteConnection)await database.OpenConnectionAsync())
        {
            await using var command = Command(connection, Select, roomId, index);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                grainState.State = Serializer.Deserialize<T>(BinaryData.FromBytes((byte[])reader.GetValue(1)))!;
                grainState.ETag = ETagOf(reader.GetInt32(0));
                grainState.RecordExists = true;
                return;
            }
        }

        await earlier.ReadStateAsync(stateName, grainId, grainState);
        grainState.ETag = grainState.RecordExists ? EarlierPrefix + grainState.ETag : null;
    }

    public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (EarlierETag(grainState.ETag) is not { } moved)
        {
            await base.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        grainState.ETag = null;
        await base.WriteStateAsync(stateName, grainId, grainState);
        await earlier.ClearStateAsync(stateName, grainId, new GrainState<T>(grainState.State) { ETag = moved, RecordExists = true });
    }

    public override async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (EarlierETag(grainState.ETag) is { } moved)
        {
            grainState.ETag = moved;
            await earlier.ClearStateAsync(stateName, grainId, grainState);
        }
        else
        {
            var (roomId, index) = KeyOf(grainId);
            await using var connection = (SqliteConnection)await database.OpenConnectionAsync();
            await using var command = Command(connection, Delete, roomId, index);
            command.Parameters.AddWithValue("$version", VersionOf(grainState.ETag) ?? 0);
            if (await command.ExecuteNonQueryAsync() == 0)
            {
                throw new InconsistentStateException($"segment {roomId}/{index} changed before it was cleared", "unknown", grainState.ETag);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    protected override async Task<int?[]> CommitAsync(IReadOnlyList<PendingWrite> batch)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var versions = new int?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            await using var command = Command(connection, write.Version is null ? Insert : Update, write.RoomId, write.Index);
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$payload", write.Payload);
            if (write.Version is { } version)
            {
                command.Parameters.AddWithValue("$version", version);
            }

            versions[i] = await command.ExecuteNonQueryAsync() == 1 ? (write.Version ?? 0) + 1 : null;
        }

        await transaction.CommitAsync();
        return versions;
    }

    private static string? EarlierETag(string? etag) =>
        etag is not null && etag.StartsWith(EarlierPrefix, StringComparison.Ordinal) ? etag[EarlierPrefix.Length..] : null;

    private SqliteCommand Command(SqliteConnection connection, string text, string roomId, long index)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$room", roomId);
        command.Parameters.AddWithValue("$segment", index);
        return command;
    }
}
