using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>
/// A room's entries (messages and events), seq 1, 2, 3… without gaps: the newest (the tail) in
/// memory and in <see cref="RoomSegments"/>, the older ones in full pages. Appending happens in
/// memory; <see cref="WriteAsync"/> makes what was appended durable, and an edited message's
/// segment with it (an edit of a paged message rewrites its page at once). Every member runs on the
/// room grain's scheduler, so nothing here locks; a write or a page-out may interleave with
/// appends and reads, which see a consistent tail because it is immutable.
/// </summary>
internal sealed class RoomLog(RoomSegments segments, IRoomPages pages)
{
    /// <summary>Messages after <see cref="PagedThroughSeq"/>, ascending and contiguous, stored or not.</summary>
    private ImmutableList<ChatMessage> _tail = [];

    /// <summary>Stored segments holding a message edited since the last write.</summary>
    private readonly HashSet<long> _editedSegments = [];

    /// <summary>The highest seq, stored or not.</summary>
    public long LatestSeq { get; private set; }

    /// <summary>The highest seq that is durably stored.</summary>
    public long StoredSeq { get; private set; }

    /// <summary>Every message up to this seq lives in history pages; a multiple of <see cref="RoomHistory.PageSize"/>.</summary>
    public long PagedThroughSeq { get; private set; }

    /// <summary>The first segment holding messages after <see cref="PagedThroughSeq"/>.</summary>
    public long FirstSegment { get; private set; }

    /// <summary>Loads what the room's row says is stored: the segments from <paramref name="firstSegment"/> on.</summary>
    public async Task<ImmutableList<ChatMessage>> LoadAsync(long firstSegment, long pagedThroughSeq)
    {
        (FirstSegment, PagedThroughSeq) = (firstSegment, pagedThroughSeq);
        _tail = await segments.LoadAsync(firstSegment, pagedThroughSeq);
        LatestSeq = StoredSeq = pagedThroughSeq + _tail.Count;
        return _tail;
    }

    /// <summary>Adds the next message (its seq must be <see cref="LatestSeq"/> + 1); durable after the next <see cref="WriteAsync"/>.</summary>
    public void Append(ChatMessage message)
    {
        if (message.Seq != LatestSeq + 1)
        {
            throw new InvalidOperationException($"Seq {message.Seq} does not follow {LatestSeq}.");
        }

        _tail = _tail.Add(message);
        LatestSeq = message.Seq;
    }

    /// <summary>Stores everything appended so far; what is appended meanwhile waits for the next write.</summary>
    public async Task WriteAsync()
    {
        var (tail, latest, stored) = (_tail, LatestSeq, StoredSeq);
        var edited = _editedSegments.ToList();
        _editedSegments.Clear();
        long? appended = null;
        if (latest > stored)
        {
            appended = await segments.AppendAsync(tail, stored);
            StoredSeq = latest;
        }

        foreach (var segment in edited.Where(segment => segment != appended))
        {
            await segments.RewriteAsync(segment, _tail);
        }
    }

    /// <summary>
    /// Puts <paramref name="message"/> (an edited or deleted version of a stored one) in place:
    /// a paged message's page is rewritten now, a tail message's segment with the next <see cref="WriteAsync"/>.
    /// </summary>
    public async Task ReplaceAsync(ChatMessage message)
    {
        if (message.Seq > StoredSeq)
        {
            throw new InvalidOperationException($"Seq {message.Seq} is not stored yet.");
        }

        if (message.Seq <= PagedThroughSeq)
        {
            await pages.ReplaceAsync(RoomHistory.PageOf(message.Seq), message);
            return;
        }

        _tail = _tail.SetItem((int)(message.Seq - PagedThroughSeq - 1), message);
        _editedSegments.Add(segments.SegmentOf(message.Seq));
    }

    /// <summary>Stored messages with seq in [<paramref name="first"/>, <paramref name="last"/>], ascending.</summary>
    public async Task<ImmutableArray<ChatMessage>> ReadAsync(long first, long last)
    {
        first = Math.Max(first, 1);
        last = Math.Min(last, StoredSeq);
        if (last < first)
        {
            return [];
        }

        var (pagedThroughSeq, tail) = (PagedThroughSeq, _tail);
        var result = ImmutableArray.CreateBuilder<ChatMessage>((int)(last - first + 1));
        var lastPaged = Math.Min(last, pagedThroughSeq);
        if (first <= lastPaged)
        {
            var firstPage = RoomHistory.PageOf(first);
            var read = await Task.WhenAll(
                Enumerable.Range(0, (int)(RoomHistory.PageOf(lastPaged) - firstPage + 1)).Select(i => pages.ReadAsync(firstPage + i)));
            result.AddRange(read.SelectMany(page => page).Where(m => m.Seq >= first && m.Seq <= lastPaged));
        }

        result.AddRange(RoomHistory.Slice(tail, Math.Max(first, pagedThroughSeq + 1), last));
        return result.DrainToImmutable();
    }

    /// <summary>
    /// Messages with seq in [<paramref name="first"/>, <paramref name="last"/>] that are still in
    /// the tail, read from memory; paging out never moves messages newer than it was told to.
    /// </summary>
    public ImmutableArray<ChatMessage> Unpaged(long first, long last) =>
        first > PagedThroughSeq
            ? RoomHistory.Slice(_tail, first, last)
            : throw new InvalidOperationException($"Seq {first} was paged out; read it with {nameof(ReadAsync)}.");

    /// <summary>Whether enough messages up to <paramref name="throughSeq"/> are stored to move full pages out of the tail.</summary>
    public bool IsPageOutDue(long throughSeq) => FullPagesToMove(throughSeq) > 0;

    /// <summary>
    /// Moves full pages of stored messages up to <paramref name="throughSeq"/> (beyond the
    /// <see cref="RoomHistory.MinTail"/> newest) into history pages, until fewer remain than a
    /// page-out is due for. After each pass <paramref name="recordAsync"/> must durably record
    /// the new <see cref="PagedThroughSeq"/> and <see cref="FirstSegment"/> in the room's row;
    /// only then are the moved segments dropped.
    /// </summary>
    public async Task PageOutAsync(Func<long> throughSeq, Func<Task> recordAsync)
    {
        while (FullPagesToMove(throughSeq()) is var pageCount and > 0)
        {
            var (first, last) = (PagedThroughSeq + 1, PagedThroughSeq + (pageCount * RoomHistory.PageSize));
            var moving = RoomHistory.Slice(_tail, first, last);
            await Task.WhenAll(moving.Chunk(RoomHistory.PageSize).Select(page => pages.WriteAsync(RoomHistory.PageOf(page[0].Seq), [.. page])));
            await CarryOverEditsAsync(moving, first, last);
            PagedThroughSeq += moving.Length;
            FirstSegment = segments.SegmentOf(PagedThroughSeq + 1);
            _tail = _tail.RemoveRange(0, moving.Length);
            await recordAsync();
            await segments.DropBeforeAsync(FirstSegment);
        }
    }

    /// <summary>Messages edited while their pages were being written are written again, until none changed.</summary>
    private async Task CarryOverEditsAsync(ImmutableArray<ChatMessage> written, long first, long last)
    {
        while (true)
        {
            var current = RoomHistory.Slice(_tail, first, last);
            var changed = current.Where((message, i) => !ReferenceEquals(message, written[i])).ToList();
            if (changed.Count == 0)
            {
                return;
            }

            await Task.WhenAll(changed.Select(message => pages.ReplaceAsync(RoomHistory.PageOf(message.Seq), message)));
            written = current;
        }
    }

    private int FullPagesToMove(long throughSeq)
    {
        var movable = Math.Min(throughSeq, StoredSeq) - PagedThroughSeq;
        return movable >= RoomHistory.TailFlushThreshold
            ? (int)Math.Min((movable - RoomHistory.MinTail) / RoomHistory.PageSize, RoomHistory.MaxPagesPerPageOut)
            : 0;
    }
}
