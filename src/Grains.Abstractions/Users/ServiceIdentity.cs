namespace Parley.Grains.Abstractions;

/// <summary>
/// Another service acting through the server API: its user id is <c>service:</c> and its key's
/// name (user ids are hex, so the two never meet). In every room it acts with an admin's rights
/// and is nobody's member; front-ends grant the identity only to a key with the scope a call needs.
/// </summary>
public static class ServiceIdentity
{
    public const string Prefix = "service:";

    public static UserProfile Of(string name) => new(Prefix + name, name);

    public static bool IsService(string userId) => userId.StartsWith(Prefix, StringComparison.Ordinal);
}
