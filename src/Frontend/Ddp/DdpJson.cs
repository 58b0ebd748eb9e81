using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Parley.Frontend.Ddp;

/// <summary>
/// How Parley's records become DDP values (method results, event documents): camelCase members,
/// enums as snake_case words like everywhere else, and dates in EJSON form (<c>{"$date": ms}</c>).
/// </summary>
internal static class DdpJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new EjsonDateConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Writes a value as a method result.</summary>
    public static Action<Utf8JsonWriter> Result<T>(T value) => writer => JsonSerializer.Serialize(writer, value, Options);

    private sealed class EjsonDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("DDP dates are only written.");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => Ejson.WriteDate(writer, value);
    }
}
