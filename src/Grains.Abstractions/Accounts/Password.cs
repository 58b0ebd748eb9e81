using System.Security.Cryptography;
using System.Text;

namespace Parley.Grains.Abstractions;

/// <summary>
/// Password rules, and the SHA-256 hex digest every protocol hands to the account grain: REST
/// computes it from the password, DDP clients send it themselves (Meteor's wire form).
/// </summary>
public static class Password
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>Throws <see cref="ParleyErrorCode.WeakPassword"/> unless the password may be registered.</summary>
    public static void Validate(string? password)
    {
        if (password is null || password.Length is < MinLength or > MaxLength)
        {
            throw new ParleyException(ParleyErrorCode.WeakPassword, $"password must be {MinLength}-{MaxLength} characters");
        }
    }

    /// <summary>The lower-case hex SHA-256 of the password's UTF-8 bytes.</summary>
    public static string Digest(string password) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>Whether <paramref name="digest"/> has the form of a SHA-256 hex digest.</summary>
    public static bool IsDigest(string? digest) =>
        digest is { Length: 64 } && digest.All(char.IsAsciiHexDigit);
}
