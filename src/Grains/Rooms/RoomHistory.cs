using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>How a room's history is split between its segments and immutable pages.</summary>
internal static class RoomHistory
{
    /// <summary>Messages per history page. Page n holds seqs n*PageSize+1 … (n+1)*PageSize.</summary>
    public const int PageSize = 100;

    /// <summary>
    /// The newest stored messages that stay unpaged. Kept short: the unpaged messages are what a
    /// room reloads on activation, and fewer segments make that cheaper (BENCHMARKS.md).
    /// </summary>
    public const int MinTail = 20;

    /// <summary>The unpaged messages are paged out once this many are stored.</summary>
    public const int TailFlushThreshold = PageSize + MinTail;

    /// <summary>Full pages moved per pass, so that one commit of the room's row stays small.</summary>
    public const int MaxPagesPerPageOut = 20;

    public static long PageOf(long seq) => (seq - 1) / PageSize;

    /// <summary>
    /// The messages with seqs <paramref name="firstSeq"/> to <paramref name="lastSeq"/> of
    /// <paramref name="run"/> (consecutive seqs, ascending), found by index rather than by walking
    /// the list: a room slices its unpaged messages on every commit.
    /// </summary>
    public static ImmutableArray<ChatMessage> Slice(ImmutableList<ChatMessage> run, long firstSeq, long lastSeq)
    {
        if (run.IsEmpty)
        {
            return [];
        }

        var start = (int)Math.Clamp(firstSeq - run[0].Seq, 0, run.Count);
        var end = (int)Math.Clamp(lastSeq - run[0].Seq + 1, start, run.Count);
        return [.. run.GetRange(start, end - start)];
    }
}
