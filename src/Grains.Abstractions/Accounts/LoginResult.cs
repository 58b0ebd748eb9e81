namespace Parley.Grains.Abstractions;

/// <summary>A new login session. The token is shown to the client once and never stored.</summary>
[GenerateSerializer, Immutable, Alias("login-result")]
public sealed record LoginResult(
    [property: Id(0)] string Token,
    [property: Id(1)] UserProfile User,
    [property: Id(2)] DateTimeOffset ExpiresAt);
