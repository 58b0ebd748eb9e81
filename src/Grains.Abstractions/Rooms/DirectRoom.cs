using System.Security.Cryptography;
using System.Text;

namespace Parley.Grains.Abstractions;

/// <summary>
/// The room of a direct conversation: one id per pair of users, whichever of them opens it.
/// Ids with its prefix are reserved (no one may create a room named like one).
/// </summary>
public static class DirectRoom
{
    public const string Prefix = "dm-";

    public static RoomId IdOf(string userId, string otherUserId)
    {
        var (first, second) = string.CompareOrdinal(userId, otherUserId) < 0 ? (userId, otherUserId) : (otherUserId, userId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{first}\n{second}"));
        return RoomId.Create(Prefix + Convert.ToHexStringLower(hash)[..32]);
    }

    public static bool IsDirect(RoomId roomId) => roomId.Value.StartsWith(Prefix, StringComparison.Ordinal);
}
