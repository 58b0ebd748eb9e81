using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using Orleans.Storage;
using Parley.Grains;

namespace Parley.Hosting.Storage;

/// <summary>
/// The <see cref="StorageNames.Segments"/> provider for PostgreSQL: room segments in Parley's own
/// table, with the writes of every room on this silo committed together:
/// while one transaction runs, the writes that arrive queue up and go into the next one as a
/// batch of statements. With many rooms each committing a few messages, PostgreSQL's cost per
/// transaction (the commit and its WAL flush) bounded the durable-write benchmark. A stale ETag
/// fails only its own write; the others in the batch commit.
/// </summary>
internal sealed class PostgresSegmentStorage : IGrainStorage, IAsyncDisposable
{
    private const int MaxBatch = 256;

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

    private readonly NpgsqlDataSource _database;
    private readonly ParleyStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresSegmentStorage(string connectionString, ParleyStorageSerializer serializer, string serviceId)
    {
        _database = NpgsqlDataSource.Create(connectionString);
        _serializer = serializer;
        _serviceId = serviceId;
        _writer = Task.Run(WriteBatchesAsync);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (roomId, index) = KeyOf(grainId);
        await using var command = _database.CreateCommand(Select);
        AddKey(command.Parameters, roomId, index);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.State = _serializer.Deserialize<T>(BinaryData.FromBytes(reader.GetFieldValue<byte[]>(1)))!;
            grainState.ETag = ETagOf(reader.GetInt32(0));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (roomId, index) = KeyOf(grainId);
        var write = new PendingWrite(roomId, index, _serializer.Serialize(grainState.State).ToArray(), VersionOf(grainState.ETag));
        if (!_pending.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(PostgresSegmentStorage));
        }

        grainState.ETag = await write.Completion.Task;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
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

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        await _database.DisposeAsync();
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception exception)
            {
                foreach (var write in batch)
                {
                    write.Completion.TrySetException(exception);
                }
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
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
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            if (versions[i] is { } version)
            {
                write.Completion.TrySetResult(ETagOf(version));
            }
            else
            {
                write.Completion.TrySetException(new InconsistentStateException(
                    $"segment {write.RoomId}/{write.Index} was written by another activation", "unknown", write.Version is { } v ? ETagOf(v) : null));
            }
        }
    }

    private void AddKey(NpgsqlParameterCollection parameters, string roomId, long index)
    {
        parameters.Add(new NpgsqlParameter { Value = _serviceId });
        parameters.Add(new NpgsqlParameter { Value = roomId });
        parameters.Add(new NpgsqlParameter { Value = index });
    }

    /// <summary>Segment grain ids are keyed "{roomId}/{segment}".</summary>
    private static (string RoomId, long Index) KeyOf(GrainId grainId)
    {
        var key = grainId.Key.ToString();
        var slash = key.LastIndexOf('/');
        return slash > 0 && grainId.Type.ToString() == StorageNames.SegmentGrainType && long.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (key[..slash], index)
            : throw new ArgumentException($"'{grainId}' is not a room segment", nameof(grainId));
    }

    private static string ETagOf(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static int? VersionOf(string? etag) => etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private sealed record PendingWrite(string RoomId, long Index, byte[] Payload, int? Version)
    {
        public TaskCompletionSource<string?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
