using System.Buffers;

namespace Parley.LoadGen.Wire;

/// <summary>The SignalR hub protocols the minimal client speaks.</summary>
public enum HubProtocolName
{
    Json,
    MessagePack,
}

/// <summary>SignalR's frame types the load generator tells apart.</summary>
internal enum FrameType
{
    Other = 0,
    Invocation = 1,
    Completion = 3,
    Ping = 6,
    Close = 7,
}

/// <summary>
/// What the load generator needs of one frame from the server: for a <c>Message</c> invocation the
/// seq and the send timestamp that starts its text; for a completion its id and error.
/// </summary>
internal struct HubFrame
{
    public FrameType Type;
    public bool IsMessage;
    public long Seq;
    public long SentAt;
    public long InvocationId;
    public string? Error;
}

/// <summary>One hub protocol: writes invocations and reads only the parts of frames measurements need.</summary>
internal interface IHubWire
{
    string Name { get; }

    bool IsBinary { get; }

    void WriteInvocation(IBufferWriter<byte> output, long invocationId, string target, ReadOnlySpan<object?> arguments);

    void WritePing(IBufferWriter<byte> output);

    /// <summary>Reads one whole frame from the start of <paramref name="input"/>; false when it is not all there yet.</summary>
    bool TryRead(ref ReadOnlyMemory<byte> input, out HubFrame frame);

    static IHubWire For(HubProtocolName protocol) => protocol switch
    {
        HubProtocolName.Json => new JsonHubWire(),
        HubProtocolName.MessagePack => new MessagePackHubWire(),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>The send timestamp publishers put first in a message's text (UTF-8 digits up to a space), or 0.</summary>
    static long LeadingTicks(ReadOnlySpan<byte> text)
    {
        long ticks = 0;
        var i = 0;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            ticks = (ticks * 10) + (text[i] - '0');
        }

        return i > 0 && i < text.Length && text[i] == ' ' ? ticks : 0;
    }

    /// <summary>ASCII comparison ignoring case: the baselines name members <c>Seq</c>, Parley <c>seq</c>.</summary>
    static bool NameIs(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowercase)
    {
        if (name.Length != lowercase.Length)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if ((name[i] | 0x20) != lowercase[i])
            {
                return false;
            }
        }

        return true;
    }
}
