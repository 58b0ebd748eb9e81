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

    /// <summary>Creates the direct conversation of <paramref name="user"/> and <paramref name="peer"/>, or returns it; the room's key is <see cref="DirectRoom.IdOf"/>.</summary>
    [Alias("open-direct")]
    ValueTask<RoomInfo> OpenDirectAsync(UserProfile user, UserProfile peer);

    /// <summary>Joins a public room as a member (an event in the room's sequence); no-op for a member.</summary>
    [Alias("join-room")]
    ValueTask<RoomInfo> JoinRoomAsync(UserProfile user);

    /// <summary>Leaves the room; the owner must hand the room over first.</summary>
    [Alias("leave")]
    ValueTask LeaveAsync(UserProfile user);

    /// <summary>Removes a member (owner: anyone; admins: members); a removed user may not come back until invited.</summary>
    [Alias("remove-member")]
    ValueTask RemoveMemberAsync(UserProfile actor, string userId);

    /// <summary>The owner makes a member an admin or an admin a member again.</summary>
    [Alias("set-role")]
    ValueTask SetRoleAsync(UserProfile actor, string userId, RoomRole role);

    /// <summary>Owner and admins change the name and the topic (null: unchanged).</summary>
    [Alias("update")]
    ValueTask<RoomInfo> UpdateAsync(UserProfile actor, string? name, string? topic);

    [ReadOnly, Alias("members")]
    ValueTask<ImmutableArray<RoomMember>> GetMembersAsync(string userId);

    /// <summary>The sender changes a message's text; an event in the room's sequence.</summary>
    [Alias("edit")]
    ValueTask<ChatMessage> EditAsync(UserProfile actor, long seq, string? text);

    /// <summary>The sender, an admin or the owner deletes a message: a tombstone stays, and an event in the room's sequence says so.</summary>
    [Alias("delete")]
    ValueTask DeleteAsync(UserProfile actor, long seq);

    /// <summary>
    /// The room for a room list: as <see cref="GetInfoAsync"/> sees it, plus the unread messages of
    /// others after <paramref name="lastReadSeq"/> (at most <see cref="ApiLimits.MaxUnread"/>) and
    /// the time of the last entry. Null when the user no longer has access.
    /// </summary>
    [ReadOnly, Alias("summary")]
    ValueTask<RoomInfo?> GetSummaryAsync(string userId, long lastReadSeq);
}
