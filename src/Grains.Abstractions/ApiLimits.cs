namespace Parley.Grains.Abstractions;

/// <summary>Limits of the client API that every protocol and the grains enforce alike, declared once.</summary>
public static class ApiLimits
{
    /// <summary>Most messages one history page may hold (<c>limit</c> of REST and <c>GetHistory</c>).</summary>
    public const int MaxHistoryPage = 200;

    /// <summary>History page size when the client names none.</summary>
    public const int DefaultHistoryPage = 50;

    /// <summary>Newest messages a subscription without <c>sinceSeq</c> replays, unless it asks for fewer or more.</summary>
    public const int DefaultReplay = 50;

    /// <summary>Most messages a subscription replays; <c>truncated</c> says more were missed.</summary>
    public const int MaxReplay = 500;

    /// <summary>Most messages one gap-filling range read returns.</summary>
    public const int MaxRangeLength = 1000;

    public const int MaxClientMessageIdLength = 128;

    public const int MaxRoomNameLength = 100;

    public const int MaxTopicLength = 250;

    /// <summary>Unread counts stop at this (a client shows "999+").</summary>
    public const int MaxUnread = 999;

    /// <summary>Most rooms one directory page holds.</summary>
    public const int MaxDirectoryPage = 100;

    public const int DefaultDirectoryPage = 20;

    /// <summary>Longest directory search text.</summary>
    public const int MaxSearchLength = 100;
}
