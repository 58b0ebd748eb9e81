namespace Parley.Cluster.Tests;

internal static class ClusterRest
{
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
