namespace Parley.Grains.Abstractions;

/// <summary>
/// Password rules, and the form in which every protocol hands a password to the account grain:
/// the lower-case hex SHA-256 of its UTF-8 bytes (what Meteor clients send).
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

    /// <summary>Whether <paramref name="digest"/> has the form of a SHA-256 hex digest.</summary>
    public static bool IsDigest(string? digest) =>
        digest is { Length: 64 } && digest.All(char.IsAsciiHexDigit);
}
