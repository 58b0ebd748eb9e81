using System.Net;
using System.Net.Http.Json;

namespace Parley.Cluster.Tests;

/// <summary>REST calls the cluster tests make through a front-end.</summary>
internal static class ClusterRest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    /// <summary>Every acknowledged message is stored under the seq it was acknowledged with, and seqs run 1..N.</summary>
    public static void AssertNothingLost(IReadOnlyCollection<ChatMessage> acknowledged, IReadOnlyList<ChatMessage> history)
    {
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Seq));
        var stored = history.ToDictionary(m => m.MessageId);
        foreach (var message in acknowledged)
        {
            Assert.True(stored.TryGetValue(message.MessageId, out var found), $"acknowledged message {message.Seq} ({message.ClientMessageId}) is missing");
            Assert.Equal(message, found);
        }
    }
}
