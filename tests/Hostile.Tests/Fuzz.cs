using System.Text;
using System.Text.Json.Nodes;

namespace Parley.Hostile.Tests;

/// <summary>Random mutations of valid frames, repeatable from a seed: bytes flipped, cut, inserted, and JSON values swapped for hostile ones.</summary>
internal sealed class Fuzz(int seed)
{
    private const string LoneSurrogate = "\u0001lone\u0001";

    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => null,
        _ => 0,
        _ => -1,
        _ => long.MaxValue,
        _ => 1e308,
        _ => true,
        _ => "",
        r => new string('x', r.Next(1, 70_000)),
        _ => "general\n",
        _ => LoneSurrogate,
        _ => new JsonArray(),
        _ => new JsonObject(),
        r => Nested(r.Next(1, 80)),
        _ => new JsonObject { ["$date"] = "tomorrow" },
        _ => new JsonArray(1, "two", null, new JsonObject()),
    ];

    private static readonly byte[][] Splices =
    [
        [0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [(byte)'"'], [(byte)'\\'], [(byte)'{'], [(byte)']'], [0], [0x1e],
        Encoding.UTF8.GetBytes("\\ud800"), Encoding.UTF8.GetBytes(",\"extra\":{}"),
    ];

    private readonly Random _random = new(seed);

    /// <summary>One mutation of <paramref name="valid"/> (a JSON text).</summary>
    public byte[] Mutate(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid);
        switch (_random.Next(6))
        {
            case 0:
                var flipped = bytes.ToArray();
                flipped[_random.Next(flipped.Length)] ^= (byte)(1 << _random.Next(8));
                return flipped;
            case 1:
                var start = _random.Next(bytes.Length);
                return [.. bytes[..start], .. bytes[Math.Min(bytes.Length, start + _random.Next(1, 8))..]];
            case 2:
                var at = _random.Next(bytes.Length + 1);
                return [.. bytes[..at], .. Splices[_random.Next(Splices.Length)], .. bytes[at..]];
            case 3:
                return bytes[.._random.Next(bytes.Length)];
            default:
                return SwapValue(valid);
        }
    }

    public int Next(int max) => _random.Next(max);

    private byte[] SwapValue(string valid)
    {
        var root = JsonNode.Parse(valid)!;
        var nodes = Descendants(root).ToList();
        var victim = nodes[_random.Next(nodes.Count)];
        var replacement = Values[_random.Next(Values.Length)](_random);
        if (victim.Parent is JsonObject parent)
        {
            parent[victim.GetPropertyName()] = replacement;
        }
        else if (victim.Parent is JsonArray array)
        {
            array[victim.GetElementIndex()] = replacement;
        }
        else
        {
            root = replacement ?? JsonValue.Create("null")!;
        }

        return Encoding.UTF8.GetBytes((root?.ToJsonString() ?? "null").Replace("\\u0001lone\\u0001", "\\ud800", StringComparison.Ordinal));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }
}
