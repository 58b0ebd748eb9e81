using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Auth;

/// <summary>
/// Signed access tokens for other services. Section <c>Parley:AccessTokens</c>, read by the silos:
/// the signing-key grain hands the policy to every front-end with the keys, so it cannot differ.
/// </summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Parley:AccessTokens";

    [Required, MinLength(1)]
    public string Issuer { get; set; } = "parley";

    [Required, MinLength(1)]
    public string Audience { get; set; } = "parley-services";

    /// <summary>How long an access token is valid; also how long a revoked session's last token may still be accepted by a service that only checks signatures.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one key signs before the next takes over.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "365.00:00:00")]
    public TimeSpan RotateEvery { get; set; } = TimeSpan.FromDays(1);
}
