using System.Buffers;
using MessagePack;

namespace Parley.LoadGen.Wire;

/// <summary>
/// SignalR's MessagePack hub protocol: each frame a varint length, then a MessagePack array
/// <c>[type, headers, invocationId, …]</c>.
/// </summary>
internal sealed class MessagePackHubWire : IHubWire
{
    public string Name => "messagepack";

    public bool IsBinary => true;

    public void WriteInvocation(IBufferWriter<byte> output, long invocationId, string target, ReadOnlySpan<object?> arguments)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(payload);
        writer.WriteArrayHeader(6);
        writer.Write((int)FrameType.Invocation);
        writer.WriteMapHeader(0);
        writer.Write(invocationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Write(target);
        writer.WriteArrayHeader(arguments.Length);
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case null: writer.WriteNil(); break;
                case string text: writer.Write(text); break;
                case long number: writer.Write(number); break;
                default: throw new ArgumentException($"unsupported argument {argument.GetType()}");
            }
        }

        writer.WriteArrayHeader(0);
        writer.Flush();
        WriteFrame(output, payload.WrittenSpan);
    }

    public void WritePing(IBufferWriter<byte> output) => WriteFrame(output, [0x91, (byte)FrameType.Ping]);

    public bool TryRead(ref ReadOnlyMemory<byte> memory, out HubFrame frame)
    {
        frame = default;
        var input = memory.Span;
        var length = 0;
        var prefix = 0;
        while (true)
        {
            if (prefix == input.Length || prefix == 5)
            {
                return false;
            }

            var b = input[prefix];
            length |= (b & 0x7f) << (7 * prefix++);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (input.Length < prefix + length)
        {
            return false;
        }

        var reader = new MessagePackReader(memory.Slice(prefix, length));
        memory = memory[(prefix + length)..];
        var items = reader.ReadArrayHeader();
        frame.Type = (FrameType)reader.ReadInt32();
        switch (frame.Type)
        {
            case FrameType.Invocation:
                reader.Skip(); // headers
                reader.Skip(); // invocation id
                frame.IsMessage = reader.TryReadStringSpan(out var target) && target.SequenceEqual("Message"u8);
                if (frame.IsMessage && reader.ReadArrayHeader() > 0)
                {
                    ReadMessage(ref reader, ref frame);
                }

                break;
            case FrameType.Completion:
                reader.Skip(); // headers
                long.TryParse(reader.ReadString(), System.Globalization.CultureInfo.InvariantCulture, out frame.InvocationId);
                if (reader.ReadInt32() == 1)
                {
                    frame.Error = reader.ReadString();
                }

                break;
            case FrameType.Close when items > 1:
                frame.Error = reader.TryReadNil() ? null : reader.ReadString();
                break;
        }

        return true;
    }

    private static void ReadMessage(ref MessagePackReader reader, ref HubFrame frame)
    {
        for (var i = reader.ReadMapHeader(); i > 0; i--)
        {
            // The reader stands on one contiguous buffer, so every string is a span of it.
            reader.TryReadStringSpan(out var name);
            if (IHubWire.NameIs(name, "seq"u8))
            {
                frame.Seq = reader.ReadInt64();
            }
            else if (IHubWire.NameIs(name, "text"u8) && reader.TryReadStringSpan(out var text))
            {
                frame.SentAt = IHubWire.LeadingTicks(text);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(payload.Length + 5);
        var at = 0;
        for (var length = (uint)payload.Length; ; length >>= 7)
        {
            span[at++] = (byte)(length < 0x80 ? length : (length & 0x7f) | 0x80);
            if (length < 0x80)
            {
                break;
            }
        }

        payload.CopyTo(span[at..]);
        output.Advance(at + payload.Length);
    }
}
