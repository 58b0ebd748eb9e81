namespace Parley.Grains.Accounts;

[GenerateSerializer, Alias("account-state")]
internal sealed class AccountState
{
    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string Username { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Wrong passwords in a row since the last successful login.</summary>
    [Id(4)] public int FailedLogins { get; set; }

    /// <summary>No password is checked before this time (the login backoff).</summary>
    [Id(5)] public DateTimeOffset? LockedUntil { get; set; }
}
