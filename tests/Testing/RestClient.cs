using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Frontend.Apis;

namespace Parley.Testing;

/// <summary>REST calls of API v1, as an outside client makes them.</summary>
public static class RestClient
{
    public const string Password = "correct horse battery";

    public static string UniqueName() => $"u{Guid.NewGuid():N}"[..20];

    public static async Task<LoginResponse> RegisterAndLoginAsync(this HttpClient http, string? username = null)
    {
        username ??= UniqueName();
        using var register = await http.PostAsJsonAsync("/api/auth/register", new { username, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        return await http.LoginAsync(username);
    }

    public static async Task<LoginResponse> LoginAsync(this HttpClient http, string username, string password = Password)
    {
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { username, password }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request, Ct);
    }

    public static async Task<string> CreateRoomAsync(this HttpClient http, string token, bool isPrivate = false)
    {
        var roomId = $"r-{Guid.NewGuid():N}";
        using var created = await http.SendAsync(HttpMethod.Post, "/api/rooms", token, new { roomId, name = "Room", isPrivate });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return roomId;
    }

    /// <summary>Posts until the front-end acknowledges, retrying the same clientMessageId while the cluster recovers.</summary>
    public static async Task<ChatMessage?> TryPostAsync(this HttpClient http, string token, string roomId, string text, string clientMessageId)
    {
        using var response = await http.SendAsync(HttpMethod.Post, $"/api/rooms/{roomId}/messages", token, new { text, clientMessageId });
        return response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<ChatMessage>(Ct) : null;
    }

    /// <summary>The room's whole history, paged backwards through the REST API.</summary>
    public static async Task<List<ChatMessage>> ReadAllAsync(this HttpClient http, string token, string roomId)
    {
        var all = new List<ChatMessage>();
        long? before = null;
        while (true)
        {
            var query = before is null ? "limit=200" : $"limit=200&before={before}";
            using var response = await http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages?{query}", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<ChatMessage[]>(Ct))!;
            if (page.Length == 0)
            {
                return all;
            }

            all.InsertRange(0, page);
            before = page[0].Seq;
        }
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and <c>code</c>.</summary>
    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
