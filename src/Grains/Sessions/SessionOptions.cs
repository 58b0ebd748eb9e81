using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Sessions;

/// <summary>Login session settings. Section <c>Parley:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string Section = "Parley:Sessions";

    /// <summary>How long a resume token stays valid after login.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(90);
}
