using System.Buffers.Text;
using System.Security.Cryptography;

namespace Parley.Grains.Sessions;

/// <summary>New resume tokens: 256 random bits, base64url (<see cref="SessionToken.Length"/> characters).</summary>
internal static class TokenGenerator
{
    private const int TokenBytes = 32;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
}
