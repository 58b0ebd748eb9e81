using System.Collections.Immutable;
using Orleans.Storage;

namespace Parley.Grains.Rooms;

[GenerateSerializer, Immutable, Alias("room-segment-state")]
internal sealed record RoomSegmentState
{
    /// <summary>Consecutive messages, ascending.</summary>
    [Id(0)] public ImmutableArray<ChatMessage> Messages { get; init; } = [];
}

/// <summary>
/// A room's messages that are not in history pages yet, stored in numbered segments next to the
/// room's own row. A group commit rewrites only the open (last) segment, and starts a new one once
/// that holds <see cref="SegmentCapacity"/> messages, so the bytes written per commit stay near the
/// commit's own messages instead of the whole unpaged tail. One write per commit, and a new
/// segment only after the previous write succeeded, so stored segments never have a hole. Every
/// write carries the segment's ETag: a competing activation's write fails.
/// </summary>
/// <remarks>
/// Segments are state of a synthetic grain id in the <see cref="StorageNames.Segments"/> provider:
/// Parley's own provider for PostgreSQL, which commits the writes of many rooms together, and
/// otherwise the same provider as every other grain.
/// </remarks>
internal sealed class RoomSegments(IGrainStorage storage, string roomId)
{
    /// <summary>A segment takes new messages until it holds this many (one commit may overfill it).</summary>
    public const int SegmentCapacity = 8;

    private const string StateName = "segment";
    private const int ReadAhead = 4;
    private static readonly GrainType SegmentType = GrainType.Create(StorageNames.SegmentGrainType);

    /// <summary>Known stored segments: first seq, message count and ETag.</summary>
    private readonly SortedList<long, (long FirstSeq, int Count, string? ETag)> _stored = [];

    /// <summary>Where a room without stored segments starts its next one.</summary>
    private long _nextIndex;

    /// <summary>
    /// Reads the segments from <paramref name="firstSegment"/> on and returns their messages after
    /// <paramref name="pagedThroughSeq"/> (a segment may straddle a history page).
    /// </summary>
    public async Task<ImmutableList<ChatMessage>> LoadAsync(long firstSegment, long pagedThroughSeq)
    {
        _stored.Clear();
        _nextIndex = firstSegment;
        var messages = ImmutableList.CreateBuilder<ChatMessage>();
        for (var next = firstSegment; ; next += ReadAhead)
        {
            var read = await Task.WhenAll(Enumerable.Range(0, ReadAhead).Select(i => ReadAsync(next + i)));
            foreach (var ((segment, etag), index) in read.Select((entry, i) => (entry, next + i)))
            {
                if (segment is null)
                {
                    return messages.ToImmutable();
                }

                _stored[index] = (segment.Messages.IsEmpty ? 0 : segment.Messages[0].Seq, segment.Messages.Length, etag);
                _nextIndex = index + 1;
                messages.AddRange(segment.Messages.Where(m => m.Seq > pagedThroughSeq));
            }
        }
    }

    /// <summary>
    /// Stores the messages of <paramref name="unpaged"/> after <paramref name="storedSeq"/>,
    /// rewriting the open segment with them or starting a new one; returns the segment written.
    /// </summary>
    public async Task<long> AppendAsync(ImmutableList<ChatMessage> unpaged, long storedSeq)
    {
        long index;
        long firstSeq;
        if (_stored.Count > 0 && _stored.Values[^1] is { Count: < SegmentCapacity } open)
        {
            (index, firstSeq) = (_stored.Keys[^1], open.FirstSeq);
        }
        else
        {
            (index, firstSeq) = (_nextIndex, storedSeq + 1);
        }

        // Messages of the open segment that were paged out meanwhile are left out: pages hold them.
        var messages = RoomHistory.Slice(unpaged, firstSeq, long.MaxValue);
        var etag = await WriteAsync(index, new RoomSegmentState { Messages = messages }, _stored.TryGetValue(index, out var known) ? known.ETag : null);
        _stored[index] = (messages[0].Seq, messages.Length, etag);
        _nextIndex = index + 1;
        return index;
    }

    /// <summary>Writes stored segment <paramref name="index"/> again with its messages as <paramref name="unpaged"/> now holds them (an edit).</summary>
    public async Task RewriteAsync(long index, ImmutableList<ChatMessage> unpaged)
    {
        if (!_stored.TryGetValue(index, out var segment))
        {
            return; // dropped meanwhile: its messages moved to history pages
        }

        var messages = RoomHistory.Slice(unpaged, segment.FirstSeq, segment.FirstSeq + segment.Count - 1);
        if (messages.IsEmpty)
        {
            return;
        }

        var etag = await WriteAsync(index, new RoomSegmentState { Messages = messages }, segment.ETag);
        _stored[index] = (segment.FirstSeq, segment.Count, etag);
    }

    /// <summary>The index of the segment that holds <paramref name="seq"/>, which must be stored.</summary>
    /// <remarks>A segment keeps its first seq and count when rewritten; messages paged out of it meanwhile are left out.</remarks>
    public long SegmentOf(long seq) => _stored.Last(entry => entry.Value.FirstSeq <= seq).Key;

    /// <summary>Removes stored segments before <paramref name="firstKept"/>; best effort, as history pages hold their messages.</summary>
    public async Task DropBeforeAsync(long firstKept)
    {
        foreach (var (index, segment) in _stored.Where(entry => entry.Key < firstKept).ToList())
        {
            try
            {
                await storage.ClearStateAsync(StateName, IdOf(index), new GrainState<RoomSegmentState>(new RoomSegmentState()) { ETag = segment.ETag, RecordExists = true });
            }
            catch (InconsistentStateException)
            {
                // Gone or rewritten by another activation: below FirstSegment it is never read again.
            }

            _stored.Remove(index);
        }
    }

    private async Task<(RoomSegmentState? Segment, string? ETag)> ReadAsync(long index)
    {
        var state = new GrainState<RoomSegmentState>(new RoomSegmentState());
        await storage.ReadStateAsync(StateName, IdOf(index), state);
        return (state.RecordExists ? state.State : null, state.ETag);
    }

    private async Task<string?> WriteAsync(long index, RoomSegmentState segment, string? etag)
    {
        var state = new GrainState<RoomSegmentState>(segment) { ETag = etag, RecordExists = etag is not null };
        await storage.WriteStateAsync(StateName, IdOf(index), state);
        return state.ETag;
    }

    private GrainId IdOf(long index) => GrainId.Create(SegmentType, $"{roomId}/{index}");
}
