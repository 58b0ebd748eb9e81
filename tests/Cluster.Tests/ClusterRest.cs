using System.Net.Http.Json;

namespace Parley.Cluster.Tests;

internal static class ClusterRest
{
    /// <summary>
    /// Registers and logs in on a cluster that has just started. Its first requests may meet a
    /// database or silo that is still warming up (on a loaded CI machine it did): Parley answers
    /// those with 503 and Retry-After, and a client retries, as this one does.
    /// </summary>
    public static async Task<Parley.Frontend.Apis.LoginResponse> RegisterWhenReadyAsync(this HttpClient http)
    {
        var username = RestClient.UniqueName();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var register = await http.PostAsJsonAsync("/api/auth/register", new { username, password = RestClient.Password }, TestContext.Current.CancellationToken);
            if (register.StatusCode is System.Net.HttpStatusCode.Created or System.Net.HttpStatusCode.Conflict)
            {
                return await http.LoginAsync(username); // a conflict: an attempt that answered 503 had stored the account
            }

            Assert.True(register.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && waited.Elapsed < Waiting.Patience, $"register: {register.StatusCode}");
            await Task.Delay(register.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Every acknowledged message is stored under the seq it was acknowledged with, seqs run 1..N,
    /// and no retried send was stored twice.
    /// </summary>
    public static void AssertNothingLost(IReadOnlyCollection<ChatMessage> acknowledged, IReadOnlyList<ChatMessage> history)
    {
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Seq));
        Assert.Equal(history.Count, history.Select(m => (m.SenderId, m.ClientMessageId)).Distinct().Count());
        var stored = history.ToDictionary(m => m.MessageId);
        foreach (var message in acknowledged)
        {
            Assert.True(stored.TryGetValue(message.MessageId, out var found), $"acknowledged message {message.Seq} ({message.ClientMessageId}) is missing");
            Assert.Equal(message, found);
        }
    }
}
