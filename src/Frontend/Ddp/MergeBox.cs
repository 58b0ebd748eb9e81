namespace Parley.Frontend.Ddp;

/// <summary>
/// Meteor's merge box for one collection of one connection: which documents the client holds
/// and which subscriptions publish each, so that a document is <c>added</c> once, however many
/// subscriptions publish it, and <c>removed</c> when the last of them stops. While held (a rerun of
/// every subscription after the user changed), documents nobody publishes stay until the hold
/// ends, so the client does not see them removed and added again.
/// </summary>
internal sealed class MergeBox
{
    private readonly Dictionary<string, int> _publishers = [];
    private readonly Dictionary<string, HashSet<string>> _bySubscription = [];
    private bool _held;

    /// <summary>Documents the client holds.</summary>
    public int Count => _publishers.Count;

    /// <summary>
    /// Records that <paramref name="subscriptionId"/> publishes <paramref name="documentId"/>; true
    /// when the client does not have it yet (send <c>added</c>).
    /// </summary>
    public bool Publish(string subscriptionId, string documentId)
    {
        if (!_bySubscription.TryGetValue(subscriptionId, out var documents))
        {
            _bySubscription[subscriptionId] = documents = [];
        }

        if (!documents.Add(documentId))
        {
            return false;
        }

        var publishers = _publishers.GetValueOrDefault(documentId, -1);
        _publishers[documentId] = Math.Max(publishers, 0) + 1;
        return publishers < 0;
    }

    /// <summary>Whether <paramref name="subscriptionId"/> already publishes <paramref name="documentId"/>.</summary>
    public bool Publishes(string subscriptionId, string documentId) =>
        _bySubscription.TryGetValue(subscriptionId, out var documents) && documents.Contains(documentId);

    /// <summary>Forgets what the subscription published; returns the documents to send <c>removed</c> for.</summary>
    public List<string> Unpublish(string subscriptionId)
    {
        var removed = new List<string>();
        if (!_bySubscription.Remove(subscriptionId, out var documents))
        {
            return removed;
        }

        foreach (var id in documents)
        {
            var publishers = _publishers[id] - 1;
            if (publishers > 0 || _held)
            {
                _publishers[id] = publishers;
            }
            else
            {
                _publishers.Remove(id);
                removed.Add(id);
            }
        }

        return removed;
    }

    /// <summary>Keeps unpublished documents until <see cref="Release"/>.</summary>
    public void Hold() => _held = true;

    /// <summary>Ends a hold; returns the documents that no subscription published again.</summary>
    public List<string> Release()
    {
        _held = false;
        var removed = _publishers.Where(entry => entry.Value == 0).Select(entry => entry.Key).ToList();
        foreach (var id in removed)
        {
            _publishers.Remove(id);
        }

        return removed;
    }
}
