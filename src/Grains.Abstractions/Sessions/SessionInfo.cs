namespace Parley.Grains.Abstractions;

/// <summary>A live session: whose it is and until when it is valid.</summary>
[GenerateSerializer, Immutable, Alias("session-info")]
public sealed record SessionInfo(
    [property: Id(0)] string SessionKey,
    [property: Id(1)] UserProfile User,
    [property: Id(2)] DateTimeOffset ExpiresAt);
