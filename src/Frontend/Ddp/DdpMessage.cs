using System.Text.Json;

namespace Parley.Frontend.Ddp;

/// <summary>
/// One client → server frame, parsed the way Meteor's <c>DDPCommon.parseDDP</c> does: anything
/// that is not JSON, or not a JSON object, is no message at all.
/// </summary>
internal readonly struct DdpMessage
{
    private DdpMessage(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    /// <summary>The <c>msg</c> field when it is a string; other values are read as JavaScript would.</summary>
    public string? Kind => String("msg");

    /// <summary>Meteor checks <c>!msg.msg</c>: a missing, empty, zero, false or null <c>msg</c> is a bad request.</summary>
    public bool HasKind => IsObject && Root.TryGetProperty("msg", out var msg) && IsTruthy(msg);

    public JsonElement? Id => IsObject && Root.TryGetProperty("id", out var id) ? id : null;

    private bool IsObject => Root.ValueKind == JsonValueKind.Object;

    /// <summary>
    /// Parses a frame. False for invalid JSON or UTF-8, strings that are not valid text (an
    /// escaped lone surrogate), too deep nesting, and non-object values (arrays count as objects,
    /// as <c>typeof</c> says in JavaScript).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out DdpMessage message)
    {
        message = default;
        JsonElement root;
        try
        {
            if (!HasWellFormedStrings(frame))
            {
                return false;
            }

            root = JsonSerializer.Deserialize<JsonElement>(frame);
        }
        catch (JsonException)
        {
            return false;
        }

        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return false;
        }

        message = new DdpMessage(root);
        return true;
    }

    /// <summary>
    /// Whether every string and property name turns into text: the reader has checked the UTF-8
    /// already, but an escape such as <c>\ud800</c> is valid JSON and no valid string.
    /// </summary>
    private static bool HasWellFormedStrings(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        while (reader.Read())
        {
            if ((reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public string? String(string name) =>
        IsObject && Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public bool Has(string name) => IsObject && Root.TryGetProperty(name, out _);

    /// <summary>True when <c>params</c> is absent or an array; Meteor rejects anything else as malformed.</summary>
    public bool HasValidParams => !IsObject || !Root.TryGetProperty("params", out var parameters) || parameters.ValueKind == JsonValueKind.Array;

    /// <summary>The <paramref name="index"/>th parameter, or an undefined element when there is none.</summary>
    public JsonElement Param(int index) =>
        IsObject && Root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Array && index < parameters.GetArrayLength()
            ? parameters[index]
            : default;

    private static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.True or JsonValueKind.Object or JsonValueKind.Array => true,
        _ => false,
    };
}
