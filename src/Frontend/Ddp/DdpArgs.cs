using System.Text.Json;

namespace Parley.Frontend.Ddp;

/// <summary>
/// Reads method and subscription arguments. A wrong shape is Parley's <c>invalid_argument</c>,
/// where Meteor's <c>check()</c> would answer 400 "Match failed".
/// </summary>
internal static class DdpArgs
{
    /// <summary>The first argument as an options object; a missing or null argument is an empty one.</summary>
    public static JsonElement? Options(JsonElement argument, string method) => argument.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.Object => argument,
        _ => throw Invalid($"{method} expects an options object"),
    };

    /// <summary>A string field; null when absent or null, invalid when of another type.</summary>
    public static string? String(JsonElement? options, string name)
    {
        if (options is not { } value || !value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return field.ValueKind == JsonValueKind.String ? field.GetString() : throw Invalid($"{name} must be a string");
    }

    public static bool Boolean(JsonElement? options, string name)
    {
        if (options is not { } value || !value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return field.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"{name} must be a boolean"),
        };
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public static int? Integer(JsonElement? options, string name, int min, int max)
    {
        if (options is not { } value || !value.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return field.ValueKind == JsonValueKind.Number && field.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw Invalid($"{name} must be a whole number from {min} to {max}");
    }

    /// <summary>A whole number of at least <paramref name="min"/>; required.</summary>
    public static long Long(JsonElement? options, string name, long min)
    {
        if (options is { } value && value.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.Number && field.TryGetInt64(out var number) && number >= min)
        {
            return number;
        }

        throw Invalid($"{name} must be a whole number of at least {min}");
    }

    /// <summary>A role by its wire name (<c>owner</c>, <c>admin</c>, <c>member</c>); required.</summary>
    public static RoomRole Role(JsonElement? options, string name) =>
        String(options, name) switch
        {
            "owner" => RoomRole.Owner,
            "admin" => RoomRole.Admin,
            "member" => RoomRole.Member,
            _ => throw Invalid($"{name} must be owner, admin or member"),
        };

    public static ParleyException Invalid(string message) => new(ParleyErrorCode.InvalidArgument, message);
}
