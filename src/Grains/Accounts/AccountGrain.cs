using Microsoft.Extensions.Options;
using Parley.Grains.Hosting;
using Parley.Grains.Sessions;

namespace Parley.Grains.Accounts;

/// <summary>
/// A user's credentials. Needed only to register and to log in, so the activation goes away right
/// after each (a logged-in user would otherwise keep it in silo memory for Orleans' idle
/// collection age); reloading it costs one row read next to the password hashing.
/// </summary>
internal sealed class AccountGrain(
    [PersistentState("account", StorageNames.Parley)] IPersistentState<AccountState> account,
    PasswordHasher hasher,
    IOptions<AccountOptions> accountOptions,
    IOptions<SessionOptions> sessionOptions,
    GrainClock clock) : Grain, IAccountGrain
{
    public async ValueTask<UserProfile> RegisterAsync(string username, string passwordDigest)
    {
        var name = Username.Create(username);
        if (name.Key != this.GetPrimaryKeyString())
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "username does not match the account key");
        }

        if (!Password.IsDigest(passwordDigest))
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "password digest must be SHA-256 hex");
        }

        if (account.RecordExists)
        {
            throw new ParleyException(ParleyErrorCode.UsernameTaken, "username is taken");
        }

        var profile = new UserProfile(Guid.CreateVersion7().ToString("N"), name.Value);
        // The user grain first: an account must never exist without its user.
        await GrainFactory.GetUser(profile.UserId).InitializeAsync(profile);
        account.State = new AccountState
        {
            UserId = profile.UserId,
            Username = profile.Username,
            PasswordHash = hasher.Hash(passwordDigest),
            CreatedAt = clock.UtcNow,
        };
        await account.WriteStateAsync();
        this.DeactivateOnIdle();
        return profile;
    }

    public async ValueTask<LoginResult> LoginAsync(string passwordDigest)
    {
        this.DeactivateOnIdle();
        if (!account.RecordExists || !Password.IsDigest(passwordDigest))
        {
            hasher.SpendDecoyWork(passwordDigest ?? "");
            throw InvalidCredentials();
        }

        var now = clock.UtcNow;
        if (account.State.LockedUntil is { } lockedUntil && now < lockedUntil)
        {
            throw ParleyException.RateLimited("too many wrong passwords for this account; retry later", lockedUntil - now);
        }

        if (!hasher.Verify(passwordDigest, account.State.PasswordHash))
        {
            await RecordFailedLoginAsync(now);
            throw InvalidCredentials();
        }

        if (account.State.FailedLogins > 0)
        {
            account.State.FailedLogins = 0;
            account.State.LockedUntil = null;
            await account.WriteStateAsync();
        }

        var profile = Profile();
        var token = TokenGenerator.NewToken();
        var sessionKey = SessionToken.ToSessionKey(token);
        var expiresAt = clock.UtcNow + sessionOptions.Value.Lifetime;
        await GrainFactory.GetSession(sessionKey).StartAsync(profile, expiresAt);
        await GrainFactory.GetUser(profile.UserId).AddSessionAsync(sessionKey, expiresAt);
        return new LoginResult(token, profile, expiresAt);
    }

    public ValueTask<UserProfile?> GetProfileAsync() =>
        ValueTask.FromResult(account.RecordExists ? Profile() : null);

    private UserProfile Profile() => new(account.State.UserId, account.State.Username);

    /// <summary>Counts the failure; beyond the free ones, logins wait exponentially longer, durably.</summary>
    private async Task RecordFailedLoginAsync(DateTimeOffset now)
    {
        var options = accountOptions.Value;
        var failures = ++account.State.FailedLogins;
        var beyond = failures - options.FreeFailedLogins;
        if (beyond > 0)
        {
            var backoff = options.FirstLoginBackoff * Math.Pow(2, Math.Min(beyond - 1, 30));
            account.State.LockedUntil = now + (backoff < options.MaxLoginBackoff ? backoff : options.MaxLoginBackoff);
        }

        await account.WriteStateAsync();
    }

    private static ParleyException InvalidCredentials() =>
        new(ParleyErrorCode.InvalidCredentials, "unknown username or wrong password");
}
