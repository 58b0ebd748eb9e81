using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Frontend.Json;

/// <summary>
/// Reads JSON strings like System.Text.Json does, but answers a string that is no valid text (an
/// escaped lone surrogate, which it cannot turn into a .NET string) as bad JSON, a 400, rather
/// than letting its <see cref="InvalidOperationException"/> become a 500.
/// </summary>
public sealed class WellFormedStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException exception)
        {
            throw new JsonException("a string is not valid text", exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
