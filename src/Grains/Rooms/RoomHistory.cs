namespace Parley.Grains.Rooms;

/// <summary>How a room's history is split between its own state and immutable pages.</summary>
internal static class RoomHistory
{
    /// <summary>Messages per history page. Page n holds seqs n*PageSize+1 … (n+1)*PageSize.</summary>
    public const int PageSize = 100;

    /// <summary>The tail is paged out once it holds this many stored messages, keeping at least one page in it.</summary>
    public const int TailFlushThreshold = 2 * PageSize;

    public const int MaxHistoryLimit = 200;

    /// <summary>How many recent clientMessageIds an active room remembers for duplicate detection.</summary>
    public const int RememberedSends = 10_000;

    public const int MaxRangeLength = 1000;

    public static long PageOf(long seq) => (seq - 1) / PageSize;
}
