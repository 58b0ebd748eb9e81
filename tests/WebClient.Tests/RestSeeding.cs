using System.Net;
using System.Net.Http.Json;

namespace Parley.WebClient.Tests;

/// <summary>
/// Sets the stage over REST (API v1) where driving the page would only cost time. Every test uses
/// user names and room ids of its own: the server (memory storage) lives for one test run.
/// </summary>
internal static class RestSeeding
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task CreateRoomAsync(this HttpClient http, string token, string roomId, string name)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/api/rooms", token, new { roomId, name, isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task<ChatMessage> PostAsync(this HttpClient http, string token, string roomId, string text)
    {
        using var response = await http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", token, new { text, clientMessageId = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ChatMessage>(Ct))!;
    }
}
