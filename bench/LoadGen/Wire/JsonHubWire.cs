using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Parley.LoadGen.Wire;

/// <summary>SignalR's JSON hub protocol: one JSON object per frame, each ended by the record separator.</summary>
internal sealed class JsonHubWire : IHubWire
{
    private const byte RecordSeparator = 0x1e;

    public string Name => "json";

    public bool IsBinary => false;

    public void WriteInvocation(IBufferWriter<byte> output, long invocationId, string target, ReadOnlySpan<object?> arguments)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type", (int)FrameType.Invocation);
            writer.WriteString("invocationId", invocationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("target", target);
            writer.WriteStartArray("arguments");
            foreach (var argument in arguments)
            {
                switch (argument)
                {
                    case null: writer.WriteNullValue(); break;
                    case string text: writer.WriteStringValue(text); break;
                    case long number: writer.WriteNumberValue(number); break;
                    default: throw new ArgumentException($"unsupported argument {argument.GetType()}");
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.GetSpan(1)[0] = RecordSeparator;
        output.Advance(1);
    }

    public void WritePing(IBufferWriter<byte> output)
    {
        "{\"type\":6}\u001e"u8.CopyTo(output.GetSpan(11));
        output.Advance(11);
    }

    public bool TryRead(ref ReadOnlyMemory<byte> memory, out HubFrame frame)
    {
        frame = default;
        var input = memory.Span;
        var end = input.IndexOf(RecordSeparator);
        if (end < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(input[..end]);
        memory = memory[(end + 1)..];
        reader.Read(); // the frame's object
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                frame.Type = (FrameType)reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                frame.IsMessage = reader.ValueTextEquals("Message"u8);
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                Utf8Parser.TryParse(reader.ValueSpan, out frame.InvocationId, out _);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                frame.Error = reader.GetString();
            }
            else if (reader.ValueTextEquals("arguments"u8) && frame.IsMessage)
            {
                reader.Read(); // [
                reader.Read(); // {
                ReadMessage(ref reader, ref frame);
                return true; // the rest of the frame says nothing the load generator needs
            }
            else
            {
                reader.Read();
                reader.TrySkip();
            }
        }

        return true;
    }

    private static void ReadMessage(ref Utf8JsonReader reader, ref HubFrame frame)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (IHubWire.NameIs(name, "seq"u8))
            {
                frame.Seq = reader.GetInt64();
            }
            else if (IHubWire.NameIs(name, "text"u8))
            {
                frame.SentAt = IHubWire.LeadingTicks(reader.ValueSpan);
            }
            else
            {
                reader.TrySkip();
            }
        }
    }
}
