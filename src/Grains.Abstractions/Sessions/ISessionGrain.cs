namespace Parley.Grains.Abstractions;

/// <summary>A login session. Key: <see cref="SessionToken.ToSessionKey"/> of the resume token.</summary>
[Alias("session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Records a new session; called by the account grain at login.</summary>
    [Alias("start")]
    ValueTask StartAsync(UserProfile user, DateTimeOffset expiresAt);

    /// <summary>The session if it exists, is not revoked and has not expired; otherwise null.</summary>
    [ReadOnly, Alias("validate")]
    ValueTask<SessionInfo?> ValidateAsync();

    /// <summary>Why the session is no longer valid (revoked, or expired), or null while it is live.</summary>
    [ReadOnly, Alias("end-reason")]
    ValueTask<SessionEndReason?> GetEndReasonAsync();

    /// <summary>Ends the session. Returns whether it was live. Front-ends are told by the user grain.</summary>
    [Alias("revoke")]
    ValueTask<bool> RevokeAsync(SessionEndReason reason);
}
