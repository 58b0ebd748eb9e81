using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Grains.Abstractions;

/// <summary>
/// The key of a session grain is derived from the resume token, so the token itself is never
/// stored: the front-end that is shown a token and the grain that issued it must derive it alike.
/// Tokens are 256 random bits, base64url.
/// </summary>
public static class SessionToken
{
    /// <summary>Length of a token's text.</summary>
    public const int Length = 43;

    /// <summary>The session grain key for a token: lower-case hex SHA-256 of its text.</summary>
    public static string ToSessionKey(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check so garbage never reaches a grain.</summary>
    public static bool HasTokenShape(string? token) =>
        token is { Length: Length } && Base64Url.IsValid(token);
}
