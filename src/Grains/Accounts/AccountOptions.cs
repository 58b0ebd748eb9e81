using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Accounts;

/// <summary>Password hashing settings. Section <c>Parley:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string Section = "Parley:Accounts";

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP 2023: 600,000). Existing hashes keep the
    /// count they were made with. Only tests should lower it.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 600_000;
}
