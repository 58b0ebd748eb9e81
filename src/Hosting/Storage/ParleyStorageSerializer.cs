using Orleans.Storage;

namespace Parley.Hosting.Storage;

/// <summary>
/// Grain state in Orleans' binary format instead of Orleans' default (Newtonsoft JSON with type
/// names), which profiling showed to dominate the cost of a room's group commits. Payloads start
/// with a format marker, so a later format can be told apart from this one.
/// </summary>
internal sealed class ParleyStorageSerializer(OrleansGrainStorageSerializer binary) : IGrainStorageSerializer
{
    /// <summary>"PB" and a format version.</summary>
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
            : throw new InvalidDataException($"Stored {typeof(T).Name} is not in Parley's storage format (it does not start with \"PB\" and version {Marker[2]}).");
    }
}
