namespace Parley.Grains.Abstractions;

/// <summary>Who a user is, as every protocol shows it.</summary>
[GenerateSerializer, Immutable, Alias("user-profile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Username);
