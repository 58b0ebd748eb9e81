namespace Parley.Grains.Abstractions;

/// <summary>A user's account. Key: <see cref="Username.Key"/> (the lower-cased username).</summary>
[Alias("account")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; <see cref="ParleyErrorCode.UsernameTaken"/> when it exists.</summary>
    /// <param name="username">The name as typed; its lower-cased form must equal this grain's key.</param>
    /// <param name="passwordDigest">SHA-256 hex of the password (see <see cref="Password"/>).</param>
    [Alias("register")]
    ValueTask<UserProfile> RegisterAsync(string username, string passwordDigest);

    /// <summary>
    /// Verifies the password and opens a session. An unknown account and a wrong password both
    /// answer <see cref="ParleyErrorCode.InvalidCredentials"/>, after the same amount of work.
    /// </summary>
    [Alias("login")]
    ValueTask<LoginResult> LoginAsync(string passwordDigest);

    /// <summary>The profile, or null when no such account exists.</summary>
    [ReadOnly, Alias("profile")]
    ValueTask<UserProfile?> GetProfileAsync();
}
