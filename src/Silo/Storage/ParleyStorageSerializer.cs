using Orleans.Storage;

namespace Parley.Silo.Storage;

/// <summary>
/// Grain state in Orleans' binary format instead of Orleans' default (Newtonsoft JSON with type
/// names). A room rewrites its recent messages with every group commit, and profiling the fan-out
/// benchmark showed the JSON path taking ~40% of the server's CPU. Binary payloads start with
/// <see cref="Marker"/>; anything else is read as the JSON that earlier versions stored, so
/// existing databases keep working and are converted as grains write again.
/// </summary>
internal sealed class ParleyStorageSerializer(OrleansGrainStorageSerializer binary, JsonGrainStorageSerializer json) : IGrainStorageSerializer
{
    /// <summary>"PB" and a format version; JSON payloads start with '{'.</summary>
    private static readonly byte[] Marker = [(byte)'P', (byte)'B', 1];

    public BinaryData Serialize<T>(T? input)
    {
        var body = binary.Serialize(input).ToMemory();
        var payload = new byte[Marker.Length + body.Length];
        Marker.CopyTo(payload, 0);
        body.Span.CopyTo(payload.AsSpan(Marker.Length));
        return BinaryData.FromBytes(payload);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var payload = input.ToMemory();
        return payload.Span.StartsWith(Marker)
            ? binary.Deserialize<T>(BinaryData.FromBytes(payload[Marker.Length..]))
            : json.Deserialize<T>(input);
    }
}
