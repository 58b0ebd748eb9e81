using System.Text.RegularExpressions;

namespace Parley.Grains.Abstractions;

/// <summary>A valid room id: <c>[a-z0-9][a-z0-9-]{0,63}</c>.</summary>
public readonly partial record struct RoomId
{
    /// <summary>The public room that always exists.</summary>
    public static readonly RoomId General = new("general");

    private RoomId(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? value, out RoomId roomId)
    {
        var valid = value is not null && Pattern().IsMatch(value);
        roomId = valid ? new RoomId(value!) : default;
        return valid;
    }

    /// <summary>Validates <paramref name="value"/> or throws with <paramref name="error"/>.</summary>
    public static RoomId Create(string? value, ParleyErrorCode error = ParleyErrorCode.InvalidRoomId) =>
        TryCreate(value, out var roomId)
            ? roomId
            : throw new ParleyException(error, "room id must match [a-z0-9][a-z0-9-]{0,63}");

    public override string ToString() => Value;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex Pattern();
}
