namespace Parley.Grains.Rooms;

/// <summary>
/// The seqs of a room's recent sends by (sender, clientMessageId), so that a retried send returns
/// the message it stored the first time. Remembers at most <see cref="Capacity"/> keys, the newest.
/// </summary>
internal sealed class RecentSends
{
    public const int Capacity = 10_000;

    private readonly Dictionary<(string SenderId, string ClientMessageId), long> _seqs = [];
    private readonly Queue<(string SenderId, string ClientMessageId)> _order = new();

    public int Count => _seqs.Count;

    public void Remember(ChatMessage message)
    {
        if (message.ClientMessageId is not { } clientMessageId)
        {
            return;
        }

        var key = (message.SenderId, clientMessageId);
        if (_seqs.TryAdd(key, message.Seq))
        {
            _order.Enqueue(key);
        }

        while (_order.Count > Capacity)
        {
            _seqs.Remove(_order.Dequeue());
        }
    }

    public bool TryFind(string senderId, string clientMessageId, out long seq) =>
        _seqs.TryGetValue((senderId, clientMessageId), out seq);
}
