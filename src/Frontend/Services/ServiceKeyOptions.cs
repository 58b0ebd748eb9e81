using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Parley.Frontend.Services;

/// <summary>
/// Service keys by name. Section <c>Parley:ServiceKeys</c>: <c>Parley__ServiceKeys__billing__SecretSha256</c>
/// and <c>…__Scopes</c>; <c>service-key</c> on the command line makes a key and prints both. Only the
/// hash is configured, so a leaked configuration holds no usable key; removing an entry revokes it.
/// </summary>
public sealed partial class ServiceKeyOptions : IValidatableObject
{
    public const string Section = "Parley:ServiceKeys";

    /// <summary>By name: the section's children (bound by <c>AddParleyServiceKeys</c>).</summary>
    public Dictionary<string, ServiceKeyEntry> Keys { get; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, entry) in Keys)
        {
            if (!ServiceName().IsMatch(name))
            {
                yield return new ValidationResult($"Service key name '{name}' must be 1-32 of [a-z0-9-].");
            }

            if (entry.SecretSha256 is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
            {
                yield return new ValidationResult($"Service key '{name}' needs SecretSha256: the 64 hex digits the service-key command printed.");
            }

            foreach (var scope in entry.ScopeList.Where(scope => !ServiceScopes.All.Contains(scope)))
            {
                yield return new ValidationResult($"Service key '{name}' has an unknown scope '{scope}'.");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    internal static partial Regex ServiceName();
}

public sealed class ServiceKeyEntry
{
    public string? SecretSha256 { get; set; }

    /// <summary>Space- or comma-separated.</summary>
    public string Scopes { get; set; } = "";

    public string[] ScopeList => Scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
