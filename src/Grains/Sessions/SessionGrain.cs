using Parley.Grains.Hosting;

namespace Parley.Grains.Sessions;

internal sealed class SessionGrain(
    [PersistentState("session", StorageNames.Parley)] IPersistentState<SessionState> session,
    GrainClock clock) : Grain, ISessionGrain
{
    public async ValueTask StartAsync(UserProfile user, DateTimeOffset expiresAt)
    {
        if (session.RecordExists)
        {
            throw new InvalidOperationException("A session with this key already exists.");
        }

        session.State = new SessionState { User = user, CreatedAt = clock.UtcNow, ExpiresAt = expiresAt };
        await session.WriteStateAsync();
    }

    public ValueTask<SessionInfo?> ValidateAsync()
    {
        var state = session.State;
        var live = state.User is not null && state.EndedBecause is null && clock.UtcNow < state.ExpiresAt;
        ForgetUnlessLive(live);
        return ValueTask.FromResult(live ? new SessionInfo(this.GetPrimaryKeyString(), state.User!, state.ExpiresAt) : null);
    }

    public ValueTask<SessionEndReason?> GetEndReasonAsync()
    {
        var state = session.State;
        SessionEndReason? reason = state.User is null ? SessionEndReason.Logout
            : state.EndedBecause ?? (clock.UtcNow >= state.ExpiresAt ? SessionEndReason.Expired : null);
        ForgetUnlessLive(reason is null);
        return ValueTask.FromResult(reason);
    }

    public async ValueTask<bool> RevokeAsync(SessionEndReason reason)
    {
        if (session.State.User is null || session.State.EndedBecause is not null)
        {
            return false;
        }

        session.State.EndedBecause = reason;
        await session.WriteStateAsync();
        return true;
    }

    /// <summary>
    /// An unknown, ended or expired session is asked about by guessers and by stale clients: its
    /// activation goes away right after the answer instead of staying for Orleans' idle collection.
    /// </summary>
    private void ForgetUnlessLive(bool live)
    {
        if (!live)
        {
            this.DeactivateOnIdle();
        }
    }
}
