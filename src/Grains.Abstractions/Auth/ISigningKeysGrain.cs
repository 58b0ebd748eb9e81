using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// The keys that sign access tokens, one set for the whole cluster (persisted, so every front-end
/// signs and verifies alike and a restart keeps them). Rotated as due: a next key is published
/// before it signs, and a retired one verifies until the last token it signed has expired.
/// </summary>
[Alias("signing-keys")]
public interface ISigningKeysGrain : IGrainWithStringKey
{
    [Alias("get")]
    ValueTask<SigningKeySet> GetAsync();
}

/// <summary>An ECDSA P-256 key (ES256) and when it signs and verifies.</summary>
[GenerateSerializer, Immutable, Alias("signing-key")]
public sealed record SigningKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] PrivateKeyPkcs8,
    [property: Id(2)] DateTimeOffset SignsFrom,
    [property: Id(3)] DateTimeOffset SignsUntil,
    [property: Id(4)] DateTimeOffset VerifiesUntil);

/// <summary>The keys in use, and how tokens signed with them look (one policy for the cluster).</summary>
[GenerateSerializer, Immutable, Alias("signing-key-set")]
public sealed record SigningKeySet(
    [property: Id(0)] ImmutableArray<SigningKey> Keys,
    [property: Id(1)] string Issuer,
    [property: Id(2)] string Audience,
    [property: Id(3)] TimeSpan TokenLifetime)
{
    /// <summary>The key that signs at <paramref name="now"/>, if any.</summary>
    public SigningKey? SigningAt(DateTimeOffset now) =>
        Keys.Where(key => key.SignsFrom <= now && now < key.SignsUntil).MaxBy(key => key.SignsFrom);
}
