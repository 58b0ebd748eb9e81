using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// A chat room. Key: <see cref="RoomId"/>. Owns the sequence counter, the members, the newest
/// messages (older ones live in <see cref="IRoomHistoryPageGrain"/>s), presence and the set of
/// front-ends to push to. Callers pass the authenticated user; the room enforces access.
/// </summary>
[Alias("room")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room; <see cref="ParleyErrorCode.RoomExists"/> when it exists.</summary>
    [Alias("create")]
    ValueTask<RoomInfo> CreateAsync(CreateRoom command);

    /// <summary>The room as <paramref name="userId"/> may see it; not_found / forbidden otherwise.</summary>
    [Alias("info")]
    ValueTask<RoomInfo> GetInfoAsync(string userId);

    /// <summary>The room if it exists and <paramref name="userId"/> may see it (public, or a member); else null.</summary>
    [Alias("info-if-visible")]
    ValueTask<RoomInfo?> FindVisibleAsync(string userId);

    /// <summary>Adds <paramref name="invitee"/> to the members; only a member may invite.</summary>
    [Alias("invite")]
    ValueTask InviteAsync(string inviterId, UserProfile invitee);

    /// <summary>Stores the message durably, then pushes it to subscribed front-ends.</summary>
    [Alias("send")]
    ValueTask<ChatMessage> SendAsync(SendMessage command);

    /// <summary>
    /// Joins <paramref name="user"/> (public rooms admit anyone; private rooms members only) and
    /// returns what they missed after <paramref name="sinceSeq"/>: at most <paramref name="max"/>
    /// of the newest messages, or with no <paramref name="sinceSeq"/> the newest <paramref name="max"/>.
    /// Messages are bounded above by <paramref name="upToSeq"/> when given, so a front-end can
    /// hand out exactly what it has not yet pushed live.
    /// </summary>
    [Alias("join")]
    ValueTask<RoomReplay> JoinAsync(UserProfile user, long? sinceSeq, int max, long? upToSeq);

    /// <summary>Up to <paramref name="limit"/> messages with seq below <paramref name="beforeSeq"/>, ascending.</summary>
    [Alias("history")]
    ValueTask<ImmutableArray<ChatMessage>> GetHistoryAsync(string userId, long? beforeSeq, int limit);

    /// <summary>Messages with seq in (<paramref name="afterSeq"/>, <paramref name="upToSeq"/>], for a front-end filling a gap.</summary>
    [Alias("range")]
    ValueTask<ImmutableArray<ChatMessage>> GetRangeAsync(long afterSeq, long upToSeq);

    /// <summary>
    /// Registers (or renews) a front-end's observer and the users it has online here; returns the
    /// latest seq so the front-end can fill a gap. Unrenewed front-ends are forgotten.
    /// </summary>
    [Alias("attach")]
    ValueTask<long> AttachFrontendAsync(FrontendLink link, ImmutableArray<UserProfile> onlineUsers);

    [Alias("detach")]
    ValueTask DetachFrontendAsync(string frontendId);

    /// <summary>Marks a user online or offline on one front-end; others are told when the room-wide state flips.</summary>
    [Alias("presence-set")]
    ValueTask SetPresenceAsync(string frontendId, UserProfile user, bool online);

    [Alias("presence")]
    ValueTask<ImmutableArray<UserProfile>> GetPresenceAsync(string userId);

    [Alias("typing")]
    ValueTask TypingAsync(UserProfile user);
}
