using Npgsql;
using Orleans.Storage;

namespace Parley.Hosting.Storage;

/// <summary>
/// <see cref="SegmentTableStorage"/> for PostgreSQL: each batch is one <see cref="NpgsqlBatch"/>
/// in one transaction.
/// </summary>
internal sealed class PostgresSegmentStorage(string connectionString, ParleyStorageSerializer serializer, string serviceId)
    : SegmentTableStorage(serializer)
{
    private const string Select =
        "SELECT version, payload FROM parley_room_segments WHERE service_id = $1 AND room_id = $2 AND segment = $3";

    private const string Insert =
        "INSERT INTO parley_room_segments (service_id, room_id, segment, version, payload) VALUES ($1, $2, $3, 1, $4) " +
        "ON CONFLICT DO NOTHING RETURNING version";

    private const string Update =
        "UPDATE parley_room_segments SET version = version + 1, payload = $4 " +
        "WHERE service_id = $1 AND room_id = $2 AND segment = $3 AND version = $5 RETURNING version";

    private const string Delete =
        "DELETE FROM parley_room_segments WHERE service_id = $1 AND room_id = $2 AND segment = $3 AND version = $4";

    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    public override async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (roomId, index) = KeyOf(grainId);
        await using var command = _database.CreateCommand(Select);
        AddKey(command.Parameters, roomId, index);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.State = Serializer.Deserialize<T>(BinaryData.FromBytes(reader.GetFieldValue<byte[]>(1)))!;
            grainState.ETag = ETagOf(reader.GetInt32(0));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public override async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (roomId, index) = KeyOf(grainId);
        await using var command = _database.CreateCommand(Delete);
        AddKey(command.Parameters, roomId, index);
        command.Parameters.Add(new NpgsqlParameter { Value = VersionOf(grainState.ETag) ?? 0 });
        if (await command.ExecuteNonQueryAsync() == 0)
        {
            throw new InconsistentStateException($"segment {roomId}/{index} changed before it was cleared", "unknown", grainState.ETag);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override async Task<int?[]> CommitAsync(IReadOnlyList<PendingWrite> batch)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var statements = new NpgsqlBatch(connection, transaction);
        foreach (var write in batch)
        {
            var statement = new NpgsqlBatchCommand(write.Version is null ? Insert : Update);
            AddKey(statement.Parameters, write.RoomId, write.Index);
            statement.Parameters.Add(new NpgsqlParameter { Value = write.Payload });
            if (write.Version is { } version)
            {
                statement.Parameters.Add(new NpgsqlParameter { Value = version });
            }

            statements.BatchCommands.Add(statement);
        }

        var versions = new int?[batch.Count];
        await using (var reader = await statements.ExecuteReaderAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (i > 0)
                {
                    await reader.NextResultAsync();
                }

                versions[i] = await reader.ReadAsync() ? reader.GetInt32(0) : null;
            }
        }

        await transaction.CommitAsync();
        return versions;
    }

    private void AddKey(NpgsqlParameterCollection parameters, string roomId, long index)
    {
        parameters.Add(new NpgsqlParameter { Value = serviceId });
        parameters.Add(new NpgsqlParameter { Value = roomId });
        parameters.Add(new NpgsqlParameter { Value = index });
    }
}
