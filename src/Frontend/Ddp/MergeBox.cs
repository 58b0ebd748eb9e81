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
    private readonly Dictionary<string, Published> _bySubscription = [];
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
            _bySubscription[subscriptionId] = documents = new Published();
        }

        if (!documents.Ids.Add(documentId))
        {
            return false;
        }

        documents.Order.Enqueue(documentId);
        var publishers = _publishers.GetValueOrDefault(documentId, -1);
        _publishers[documentId] = Math.Max(publishers, 0) + 1;
        return publishers < 0;
    }

    /// <summary>Whether <paramref name="subscriptionId"/> already publishes <paramref name="documentId"/>.</summary>
    public bool Publishes(string subscriptionId, string documentId) =>
        _bySubscription.TryGetValue(subscriptionId, out var documents) && documents.Ids.Contains(documentId);

    /// <summary>Forgets what the subscription published; returns the documents to send <c>removed</c> for.</summary>
    public List<string> Unpublish(string subscriptionId)
    {
        var removed = new List<string>();
        if (_bySubscription.Remove(subscriptionId, out var documents))
        {
            foreach (var id in documents.Ids)
            {
                Release(id, removed);
            }
        }

        return removed;
    }

    /// <summary>The subscription no longer publishes the document (it was deleted); true when the client should be sent <c>removed</c>.</summary>
    public bool Unpublish(string subscriptionId, string documentId)
    {
        if (!_bySubscription.TryGetValue(subscriptionId, out var documents) || !documents.Ids.Remove(documentId))
        {
            return false;
        }

        var removed = new List<string>();
        Release(documentId, removed);
        return removed.Count > 0;
    }

    /// <summary>
    /// Keeps only the <paramref name="keep"/> documents the subscription published last, as a
    /// Meteor publication with a limit does; returns the documents to send <c>removed</c> for.
    /// </summary>
    public List<string> Trim(string subscriptionId, int keep)
    {
        var removed = new List<string>();
        if (_bySubscription.TryGetValue(subscriptionId, out var documents))
        {
            while (documents.Ids.Count > keep && documents.Order.TryDequeue(out var oldest))
            {
                if (documents.Ids.Remove(oldest))
                {
                    Release(oldest, removed);
                }
            }
        }

        return removed;
    }

    /// <summary>Keeps unpublished documents until <see cref="EndHold"/>.</summary>
    public void Hold() => _held = true;

    /// <summary>Ends a hold; returns the documents that no subscription published again.</summary>
    public List<string> EndHold()
    {
        _held = false;
        var removed = _publishers.Where(entry => entry.Value == 0).Select(entry => entry.Key).ToList();
        foreach (var id in removed)
        {
            _publishers.Remove(id);
        }

        return removed;
    }

    private void Release(string id, List<string> removed)
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

    /// <summary>What one subscription publishes, and in which order it came.</summary>
    private sealed class Published
    {
        public HashSet<string> Ids { get; } = [];

        public Queue<string> Order { get; } = new();
    }
}
