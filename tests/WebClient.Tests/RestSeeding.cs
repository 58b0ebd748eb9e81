using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Frontend.Apis;

namespace Parley.WebClient.Tests;

/// <summary>
/// Sets the stage over REST (API v1) where driving the page would only cost time. Every test uses
/// user names and room ids of its own: the server (memory storage) lives for one test run.
/// </summary>
internal static class RestSeeding
{
    public const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<LoginResponse> RegisterAndLoginAsync(this HttpClient http, string username)
    {
        using var register = await http.PostAsJsonAsync("/api/auth/register", new { username, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { username, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
    }

    public static async Task CreateRoomAsync(this HttpClient http, string token, string roomId, string name)
    {
        using var response = await SendAsync(http, HttpMethod.Post, "/api/rooms", token, new { roomId, name, isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task<ChatMessage> PostAsync(this HttpClient http, string token, string roomId, string text)
    {
        using var response = await SendAsync(http, HttpMethod.Post, $"/api/rooms/{roomId}/messages", token, new { text, clientMessageId = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ChatMessage>(Ct))!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object body)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Ct);
    }
}
