using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Parley.Grains.Webhooks;

/// <summary>
/// POSTs one event: JSON <c>{id, type, occurredAt, roomId?, seq?, data}</c>, with headers
/// <c>Parley-Event-Id</c>, <c>Parley-Event-Type</c> and <c>Parley-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>,
/// where v1 is HMAC-SHA256 with the endpoint's secret over <c>"&lt;t&gt;.&lt;body&gt;"</c>.
/// </summary>
internal sealed class WebhookSender(IOptions<WebhookOptions> options) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
    {
        Timeout = options.Value.RequestTimeout,
    };

    /// <summary>The HTTP status, or the failure that kept one from coming.</summary>
    public async Task<(int? Status, string? Error)> SendAsync(WebhookEndpoint endpoint, WebhookEvent webhookEvent, DateTimeOffset now)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = webhookEvent.Id,
            type = webhookEvent.Type,
            occurredAt = webhookEvent.OccurredAt,
            roomId = webhookEvent.RoomId,
            seq = webhookEvent.Seq,
            data = webhookEvent.Data,
        }, Json);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Parley-Event-Id", webhookEvent.Id);
        request.Headers.Add("Parley-Event-Type", webhookEvent.Type);
        request.Headers.Add("Parley-Signature", $"t={timestamp},v1={Sign(endpoint.Secret, timestamp, body)}");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Parley-Webhooks", "1"));
        try
        {
            using var response = await _http.SendAsync(request);
            return ((int)response.StatusCode, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (null, exception.Message);
        }
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    public void Dispose() => _http.Dispose();
}
