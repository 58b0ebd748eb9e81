using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// A user. Key: user id. Knows the user's sessions (for logout-all), rooms, and which front-ends
/// hold connections of this user, so that a session's end reaches exactly those front-ends.
/// </summary>
[Alias("user")]
public interface IUserGrain : IGrainWithStringKey
{
    [Alias("init")]
    ValueTask InitializeAsync(UserProfile profile);

    [ReadOnly, Alias("profile")]
    ValueTask<UserProfile?> GetProfileAsync();

    [Alias("session-add")]
    ValueTask AddSessionAsync(string sessionKey, DateTimeOffset expiresAt);

    /// <summary>Revokes one session and tells the front-ends holding its connections.</summary>
    [Alias("session-end")]
    ValueTask EndSessionAsync(string sessionKey, SessionEndReason reason);

    /// <summary>Revokes every session of the user and tells the front-ends.</summary>
    [Alias("session-end-all")]
    ValueTask EndAllSessionsAsync(SessionEndReason reason);

    [ReadOnly, Alias("sessions")]
    ValueTask<ImmutableArray<string>> GetSessionKeysAsync();

    [Alias("room-add")]
    ValueTask AddRoomAsync(string roomId);

    /// <summary>Counts a room this user is creating: <c>rate_limited</c> or <c>limit_exceeded</c> when over the user's allowance.</summary>
    [Alias("admit-room-creation")]
    ValueTask AdmitRoomCreationAsync();

    /// <summary>Counts an invitation this user is sending: <c>rate_limited</c> when over the user's allowance.</summary>
    [Alias("admit-invite")]
    ValueTask AdmitInviteAsync();

    [ReadOnly, Alias("rooms")]
    ValueTask<ImmutableArray<string>> GetRoomIdsAsync();

    /// <summary>The room is no longer in this user's list (left, removed).</summary>
    [Alias("room-remove")]
    ValueTask RemoveRoomAsync(string roomId);

    /// <summary>The rooms this user belongs to, with the last seq read in each.</summary>
    [ReadOnly, Alias("memberships")]
    ValueTask<ImmutableArray<Membership>> GetMembershipsAsync();

    /// <summary>
    /// Records that the user has read <paramref name="roomId"/> up to <paramref name="seq"/> (never
    /// moving back) and tells the user's other connections; returns the last-read seq now kept.
    /// </summary>
    [Alias("mark-read")]
    ValueTask<long> MarkReadAsync(string roomId, long seq);

    /// <summary>Registers (or renews) a front-end that holds connections of this user.</summary>
    [Alias("attach")]
    ValueTask AttachFrontendAsync(FrontendLink link);

    [Alias("detach")]
    ValueTask DetachFrontendAsync(string frontendId);
}
