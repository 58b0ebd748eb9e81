using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Frontend.Json;

/// <summary>What every JSON surface (REST and SignalR) shares: UTC timestamps, and enums as snake_case words (<c>message_edited</c>, <c>admin</c>).</summary>
internal static class ParleyJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
