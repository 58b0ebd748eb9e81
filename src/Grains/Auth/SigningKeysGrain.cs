using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Parley.Grains.Hosting;

namespace Parley.Grains.Auth;

[GenerateSerializer, Alias("signing-keys-state")]
internal sealed class SigningKeysState
{
    [Id(0)] public ImmutableArray<SigningKey> Keys { get; set; } = [];
}

/// <summary>
/// Keeps one key signing now and the next one published ahead of it, so a service that fetched the
/// key set up to one rotation ago already knows the key of any token it is shown; a retired key
/// stays published until the tokens it signed have expired.
/// </summary>
internal sealed class SigningKeysGrain(
    [PersistentState("keys", StorageNames.Parley)] IPersistentState<SigningKeysState> keys,
    GrainClock clock,
    IOptions<AccessTokenOptions> options) : Grain, ISigningKeysGrain
{
    private readonly AccessTokenOptions _options = options.Value;

    public async ValueTask<SigningKeySet> GetAsync()
    {
        var now = clock.UtcNow;
        var current = keys.State.Keys.Where(key => key.VerifiesUntil > now).ToList();
        var changed = current.Count != keys.State.Keys.Length;
        if (!current.Any(key => key.SignsFrom <= now && now < key.SignsUntil))
        {
            current.Add(NewKey(now));
            changed = true;
        }

        var last = current.MaxBy(key => key.SignsFrom)!;
        if (last.SignsFrom <= now)
        {
            current.Add(NewKey(last.SignsUntil));
            changed = true;
        }

        if (changed)
        {
            keys.State.Keys = [.. current.OrderBy(key => key.SignsFrom)];
            await keys.WriteStateAsync();
        }

        return new SigningKeySet(keys.State.Keys, _options.Issuer, _options.Audience, _options.Lifetime);
    }

    private SigningKey NewKey(DateTimeOffset signsFrom)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signsUntil = signsFrom + _options.RotateEvery;
        return new SigningKey(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            key.ExportPkcs8PrivateKey(),
            signsFrom,
            signsUntil,
            signsUntil + _options.Lifetime + AccessTokenClock.Skew);
    }
}
