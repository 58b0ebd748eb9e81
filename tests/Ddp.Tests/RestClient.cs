using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Frontend.Apis;

namespace Parley.Ddp.Tests;

/// <summary>REST calls of API v1, as an outside client makes them.</summary>
internal static class RestClient
{
    public const string Password = "correct horse battery";

    public static string UniqueName() => $"u{Guid.NewGuid():N}"[..20];

    public static async Task<LoginResponse> RegisterAndLoginAsync(this HttpClient http, string? username = null)
    {
        username ??= UniqueName();
        using var register = await http.PostAsJsonAsync("/api/auth/register", new { username, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { username, password = Password }, Ct);
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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
