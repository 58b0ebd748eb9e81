using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Grains.Abstractions;

/// <summary>Resume tokens: 256 random bits, base64url. Only their SHA-256 is ever stored.</summary>
public static class SessionToken
{
    private const int TokenBytes = 32;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The session grain key for a token: lower-case hex SHA-256 of its text.</summary>
    public static string ToSessionKey(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check so garbage never reaches a grain.</summary>
    public static bool HasTokenShape(string? token) =>
        token is { Length: 43 } && Base64Url.IsValid(token);
}
