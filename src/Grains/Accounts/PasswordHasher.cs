using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Parley.Grains.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA256 over the password's SHA-256 hex digest, with a per-user salt. Stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (base64) so the count can rise without breaking old hashes.
/// </summary>
internal sealed class PasswordHasher(IOptions<AccountOptions> options)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private static readonly byte[] DecoySalt = new byte[SaltBytes];

    public string Hash(string passwordDigest)
    {
        var iterations = options.Value.PasswordIterations;
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(passwordDigest, salt, iterations);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public bool Verify(string passwordDigest, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            throw new InvalidOperationException("Stored password hash has an unknown format.");
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(passwordDigest, Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The work of one verification, for unknown users, so they cannot be told apart by timing.</summary>
    public void SpendDecoyWork(string passwordDigest) =>
        Derive(passwordDigest, DecoySalt, options.Value.PasswordIterations);

    private static byte[] Derive(string passwordDigest, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passwordDigest), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
