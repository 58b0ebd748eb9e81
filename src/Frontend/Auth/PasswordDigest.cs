using System.Security.Cryptography;
using System.Text;

namespace Parley.Frontend.Auth;

/// <summary>The digest REST computes from a password: what DDP clients compute themselves (Meteor's wire form).</summary>
public static class PasswordDigest
{
    /// <summary>The lower-case hex SHA-256 of the password's UTF-8 bytes.</summary>
    public static string Of(string password) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
