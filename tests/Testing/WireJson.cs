using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Testing;

/// <summary>How an outside .NET client reads Parley's JSON: web defaults, enums as snake_case words.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    /// <summary>The members API v1 defined, for comparing what a v1 client sees.</summary>
    public static (string RoomId, string Name, bool IsPrivate, long LatestSeq) V1(this RoomInfo room) =>
        (room.RoomId, room.Name, room.IsPrivate, room.LatestSeq);

    public static async Task<T> ReadAsync<T>(this HttpContent content) =>
        (await content.ReadFromJsonAsync<T>(Options, TestContext.Current.CancellationToken))!;
}
