using System.Text.RegularExpressions;

namespace Parley.Grains.Abstractions;

/// <summary>A valid username: 3–32 of <c>[A-Za-z0-9_.-]</c>, unique ignoring case.</summary>
public readonly partial record struct Username
{
    private Username(string value) => Value = value;

    /// <summary>The name as the user typed it.</summary>
    public string Value { get; }

    /// <summary>The account key: the name in lower case, so that uniqueness ignores case.</summary>
    public string Key => Value.ToLowerInvariant();

    public static bool TryCreate(string? value, out Username username)
    {
        var valid = value is not null && Pattern().IsMatch(value);
        username = valid ? new Username(value!) : default;
        return valid;
    }

    /// <summary>Validates <paramref name="value"/> or throws <see cref="ParleyErrorCode.InvalidUsername"/>.</summary>
    public static Username Create(string? value) => TryCreate(value, out var username)
        ? username
        : throw new ParleyException(ParleyErrorCode.InvalidUsername, "username must be 3-32 characters of A-Z, a-z, 0-9, '_', '.', '-'");

    public override string ToString() => Value;

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{3,32}\z")]
    private static partial Regex Pattern();
}
