using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;

namespace Parley.Frontend.Hubs;

/// <summary>
/// Hub arguments and results in MessagePack with exactly the shape they have in JSON: the same
/// camelCase names, snake_case enum words, ISO-8601 timestamps and members left out when JSON
/// leaves them out. A client switching protocols reads the same objects, and what the server binds
/// goes through the same converters, whatever the protocol.
/// </summary>
/// <remarks>
/// MessagePack's own contractless resolver would name members as C# declares them and write enums
/// as numbers. Values are translated token by token through System.Text.Json; pushes are encoded
/// once per batch and protocol, so the translation is paid once per batch, not per connection.
/// </remarks>
internal sealed class JsonShapedResolver(JsonSerializerOptions json) : IFormatterResolver
{
    /// <summary>Deeper MessagePack values are refused before they reach the JSON layer.</summary>
    public const int MaxDepth = 32;

    private readonly ConcurrentDictionary<Type, object> _formatters = new();

    public IMessagePackFormatter<T> GetFormatter<T>() =>
        (IMessagePackFormatter<T>)_formatters.GetOrAdd(typeof(T), static (_, options) => new Formatter<T>(options), json);

    private sealed class Formatter<T>(JsonSerializerOptions json) : IMessagePackFormatter<T>
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
        {
            using var document = JsonSerializer.SerializeToDocument(value, json);
            WriteValue(document.RootElement, ref writer);
        }

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                ReadValue(ref reader, writer, depth: 0);
            }

            return JsonSerializer.Deserialize<T>(buffer.WrittenSpan, json)!;
        }
    }

    private static void WriteValue(JsonElement value, ref MessagePackWriter writer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteMapHeader(value.GetPropertyCount());
                foreach (var member in value.EnumerateObject())
                {
                    writer.Write(member.Name);
                    WriteValue(member.Value, ref writer);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(item, ref writer);
                }

                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                writer.Write(integer);
                break;
            case JsonValueKind.Number when value.TryGetUInt64(out var large):
                writer.Write(large);
                break;
            case JsonValueKind.Number:
                writer.Write(value.GetDouble());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.Write(value.GetBoolean());
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    private static void ReadValue(ref MessagePackReader reader, Utf8JsonWriter writer, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MessagePackSerializationException($"values may nest at most {MaxDepth} levels deep");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64:
                writer.WriteNumberValue(reader.ReadUInt64());
                break;
            case MessagePackType.Integer:
                writer.WriteNumberValue(reader.ReadInt64());
                break;
            case MessagePackType.Float:
                writer.WriteNumberValue(reader.ReadDouble());
                break;
            case MessagePackType.String:
                writer.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Array:
                writer.WriteStartArray();
                for (int i = 0, count = reader.ReadArrayHeader(); i < count; i++)
                {
                    ReadValue(ref reader, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case MessagePackType.Map:
                writer.WriteStartObject();
                for (int i = 0, count = reader.ReadMapHeader(); i < count; i++)
                {
                    if (reader.NextMessagePackType != MessagePackType.String)
                    {
                        throw new MessagePackSerializationException("map keys must be strings");
                    }

                    writer.WritePropertyName(reader.ReadString()!);
                    ReadValue(ref reader, writer, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new MessagePackSerializationException($"{reader.NextMessagePackType} values are not part of Parley's API");
        }
    }
}
