namespace Parley.Frontend.Services;

/// <summary>What a service key may do; each server API call names the one it needs.</summary>
public static class ServiceScopes
{
    public const string PublishMessages = "messages:publish";
    public const string ManageRooms = "rooms:manage";
    public const string ReadUsers = "users:read";
    public const string ManageUsers = "users:manage";
    public const string Introspect = "introspect";
    public const string ManageWebhooks = "webhooks:manage";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        PublishMessages, ManageRooms, ReadUsers, ManageUsers, Introspect, ManageWebhooks,
    };

    /// <summary>The authorization policy that requires <paramref name="scope"/>.</summary>
    public static string Policy(string scope) => $"scope:{scope}";
}
