using Parley.Frontend.Services;

namespace Parley.Testing;

/// <summary>Service keys every test server admits, made the way the <c>service-key</c> command makes them.</summary>
public static class TestServiceKeys
{
    private static readonly Dictionary<string, (string Key, string Hash, string Scopes)> Keys = new()
    {
        ["publisher"] = Make("publisher", ServiceScopes.PublishMessages),
        ["reader"] = Make("reader", ServiceScopes.ReadUsers),
        ["introspector"] = Make("introspector", ServiceScopes.Introspect),
        ["ops"] = Make("ops", string.Join(' ', ServiceScopes.All)),
        ["billing"] = Make("billing", $"{ServiceScopes.PublishMessages} {ServiceScopes.ManageWebhooks}"),
    };

    /// <summary>Messages only.</summary>
    public static string Publisher => Keys["publisher"].Key;

    /// <summary>Presence and user look-ups only.</summary>
    public static string Reader => Keys["reader"].Key;

    public static string Introspector => Keys["introspector"].Key;

    /// <summary>What samples/billing-service needs: messages and webhooks.</summary>
    public static string Billing => Keys["billing"].Key;

    /// <summary>Every scope.</summary>
    public static string Ops => Keys["ops"].Key;

    public static IEnumerable<KeyValuePair<string, string>> Settings => Keys.SelectMany(entry => new[]
    {
        KeyValuePair.Create($"Parley:ServiceKeys:{entry.Key}:SecretSha256", entry.Value.Hash),
        KeyValuePair.Create($"Parley:ServiceKeys:{entry.Key}:Scopes", entry.Value.Scopes),
    });

    private static (string, string, string) Make(string name, string scopes)
    {
        var (key, hash) = ServiceKeyAuthenticationHandler.Create(name);
        return (key, hash, scopes);
    }
}
