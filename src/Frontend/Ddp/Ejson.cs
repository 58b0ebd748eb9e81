using System.Text.Json;

namespace Parley.Frontend.Ddp;

/// <summary>The EJSON forms Parley sends: dates as <c>{"$date": milliseconds since the epoch}</c>.</summary>
internal static class Ejson
{
    public static void WriteDate(Utf8JsonWriter writer, string propertyName, DateTimeOffset value)
    {
        writer.WritePropertyName(propertyName);
        WriteDate(writer, value);
    }

    public static void WriteDate(Utf8JsonWriter writer, DateTimeOffset value)
    {
        writer.WriteStartObject();
        writer.WriteNumber("$date", value.ToUnixTimeMilliseconds());
        writer.WriteEndObject();
    }
}
