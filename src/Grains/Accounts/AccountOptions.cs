using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Accounts;

/// <summary>Password hashing and login protection. Section <c>Parley:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string Section = "Parley:Accounts";

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP 2023: 600,000). Existing hashes keep the
    /// count they were made with. Only tests should lower it.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 600_000;

    /// <summary>Wrong passwords an account takes in a row before logins to it back off.</summary>
    [Range(1, 1_000)]
    public int FreeFailedLogins { get; set; } = 5;

    /// <summary>
    /// The wait after the first failure beyond <see cref="FreeFailedLogins"/>; each further one
    /// doubles it, up to <see cref="MaxLoginBackoff"/>. The account's own attempts, from any
    /// front-end and protocol, so spreading guesses over many addresses does not help.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FirstLoginBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxLoginBackoff { get; set; } = TimeSpan.FromMinutes(15);
}
