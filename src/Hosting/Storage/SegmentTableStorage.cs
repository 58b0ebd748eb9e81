using System.Globalization;
using System.Threading.Channels;
using Orleans.Storage;
using Parley.Grains;

namespace Parley.Hosting.Storage;

/// <summary>
/// The <see cref="StorageNames.Segments"/> provider shape for a database: room segments in
/// Parley's own table (<c>parley_room_segments</c>), with the writes of every room on this silo
/// committed together. While one transaction runs, the writes that arrive queue up and go into the
/// next one as a batch. With many rooms each committing a few messages, the database's cost per
/// transaction bounded throughput. A stale ETag fails only its own write; the others commit.
/// </summary>
internal abstract class SegmentTableStorage : IGrainStorage, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    protected SegmentTableStorage(ParleyStorageSerializer serializer)
    {
        Serializer = serializer;
        _writer = Task.Run(WriteBatchesAsync); // commits only what is written after construction
    }

    protected ParleyStorageSerializer Serializer { get; }

    public abstract Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    public virtual async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (roomId, index) = KeyOf(grainId);
        var write = new PendingWrite(roomId, index, Serializer.Serialize(grainState.State).ToArray(), VersionOf(grainState.ETag));
        if (!_pending.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(GetType().Name);
        }

        grainState.ETag = await write.Completion.Task;
        grainState.RecordExists = true;
    }

    public abstract Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    public virtual async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    /// <summary>Writes the batch in one transaction; each write's new version, or null where its version was stale.</summary>
    protected abstract Task<int?[]> CommitAsync(IReadOnlyList<PendingWrite> batch);

    /// <summary>Segment grain ids are keyed "{roomId}/{segment}".</summary>
    protected static (string RoomId, long Index) KeyOf(GrainId grainId)
    {
        var key = grainId.Key.ToString();
        var slash = key.LastIndexOf('/');
        return slash > 0 && grainId.Type.ToString() == StorageNames.SegmentGrainType && long.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (key[..slash], index)
            : throw new ArgumentException($"'{grainId}' is not a room segment", nameof(grainId));
    }

    protected static string ETagOf(int version) => version.ToString(CultureInfo.InvariantCulture);

    protected static int? VersionOf(string? etag) => etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);

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
                var versions = await CommitAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    Complete(batch[i], versions[i]);
                }
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

    private static void Complete(PendingWrite write, int? version)
    {
        if (version is { } stored)
        {
            write.Completion.TrySetResult(ETagOf(stored));
        }
        else
        {
            write.Completion.TrySetException(new InconsistentStateException(
                $"segment {write.RoomId}/{write.Index} was written by another activation", "unknown", write.Version is { } v ? ETagOf(v) : null));
        }
    }

    protected sealed record PendingWrite(string RoomId, long Index, byte[] Payload, int? Version)
    {
        public TaskCompletionSource<string?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
