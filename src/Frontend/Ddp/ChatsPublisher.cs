namespace Parley.Frontend.Ddp;

/// <summary>
/// What the client of one DDP connection is sent for its <c>getChats</c> subscriptions: the
/// room's messages in collection <c>chats</c> (an edit is <c>changed</c>, a deletion
/// <c>removed</c>) and its other events in <c>room_events</c>, decided on the connection's writer in queue order: a subscription's
/// steps (<see cref="ChatsStep"/>) and the room's live messages arrive in the order they happened,
/// so a subscription's replay always precedes its live messages and <c>ready</c> follows the
/// replay. Documents are counted per subscription in a <see cref="MergeBox"/>, and a subscription
/// keeps only its newest <c>maxDocumentsPerSubscription</c>, so a long-lived one stays bounded.
/// </summary>
internal sealed class ChatsPublisher(int maxDocumentsPerSubscription)
{
    private readonly MergeBox _documents = new();
    private readonly MergeBox _events = new();
    private readonly Dictionary<string, Subscription> _subscriptions = [];

    /// <summary>The frames for a step of a subscription or a rerun.</summary>
    public List<string> Apply(Realtime.Push step)
    {
        var frames = new List<string>();
        switch (step)
        {
            case ChatsParked parked:
                var waiting = Track(parked.SubscriptionId);
                Unpublish(waiting, frames);
                waiting.State = PublishState.Parked;
                Ready(waiting, frames);
                break;
            case ChatsStarting starting:
                var joining = Track(starting.SubscriptionId);
                joining.RoomId = starting.RoomId;
                joining.State = PublishState.Starting;
                joining.Early.Clear();
                break;
            case ChatsReplayed replayed when _subscriptions.TryGetValue(replayed.SubscriptionId, out var started):
                foreach (var message in replayed.Messages)
                {
                    Publish(started, message, frames);
                }

                var replayedUpTo = replayed.Messages.IsEmpty ? 0 : replayed.Messages[^1].Seq;
                foreach (var entry in started.Early.Where(m => m.Seq > replayedUpTo))
                {
                    Deliver([started], entry, frames);
                }

                started.Early.Clear();
                started.State = PublishState.Active;
                Ready(started, frames);
                break;
            case ChatsFailed failed when _subscriptions.Remove(failed.SubscriptionId, out var refused):
                Unpublish(refused, frames);
                frames.Add(DdpFrames.NoSub(failed.SubscriptionId, failed.Error));
                break;
            case ChatsStopped stopped:
                if (_subscriptions.Remove(stopped.SubscriptionId, out var ended))
                {
                    Unpublish(ended, frames);
                }

                frames.Add(DdpFrames.NoSub(stopped.SubscriptionId));
                break;
            case ChatsRerunStarted:
                _documents.Hold();
                _events.Hold();
                foreach (var subscription in _subscriptions.Values)
                {
                    Unpublish(subscription, frames);
                    subscription.State = PublishState.Parked;
                }

                break;
            case ChatsRerunFinished:
                frames.AddRange(_documents.EndHold().Select(id => DdpFrames.Removed(DdpFrames.ChatsCollection, id)));
                frames.AddRange(_events.EndHold().Select(id => DdpFrames.Removed(DdpFrames.RoomEventsCollection, id)));
                break;
        }

        return frames;
    }

    /// <summary>The frames for entries pushed live into a room.</summary>
    public List<string> Live(RoomId roomId, IReadOnlyList<ChatMessage> entries)
    {
        var frames = new List<string>();
        var inRoom = _subscriptions.Values.Where(subscription => subscription.RoomId == roomId).ToList();
        foreach (var subscription in inRoom.Where(subscription => subscription.State == PublishState.Starting))
        {
            subscription.Early.AddRange(entries);
        }

        var active = inRoom.Where(subscription => subscription.State == PublishState.Active).ToList();
        foreach (var entry in entries)
        {
            Deliver(active, entry, frames);
        }

        return frames;
    }

    /// <summary>The user left the room or was removed: its subscriptions to it end (<c>nosub</c>, with an error when removed).</summary>
    public List<string> End(RoomId roomId, DdpError? error)
    {
        var frames = new List<string>();
        foreach (var subscription in _subscriptions.Values.Where(subscription => subscription.RoomId == roomId).ToList())
        {
            _subscriptions.Remove(subscription.Id);
            Unpublish(subscription, frames);
            frames.Add(DdpFrames.NoSub(subscription.Id, error));
        }

        return frames;
    }

    private Subscription Track(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription))
        {
            _subscriptions[id] = subscription = new Subscription(id);
        }

        return subscription;
    }

    /// <summary>A live entry for the room's active subscriptions; an edit is one <c>changed</c> per connection, however many of them hold the chat.</summary>
    private void Deliver(IReadOnlyList<Subscription> active, ChatMessage entry, List<string> frames)
    {
        if (entry.Event is { Kind: RoomEventKind.MessageEdited, TargetMessageId: { } edited, Text: { } text })
        {
            if (active.Any(subscription => _documents.Publishes(subscription.Id, edited)))
            {
                frames.Add(DdpFrames.ChatChanged(edited, text, entry.SentAt));
            }

            return;
        }

        foreach (var subscription in active)
        {
            Publish(subscription, entry, frames);
        }
    }

    /// <summary>A replayed or live entry for one subscription; an edit reaches replayed chats with their current text already.</summary>
    private void Publish(Subscription subscription, ChatMessage entry, List<string> frames)
    {
        switch (entry)
        {
            case { IsMessage: true, Deleted: false }:
                if (_documents.Publish(subscription.Id, entry.MessageId))
                {
                    frames.Add(DdpFrames.ChatAdded(entry));
                }

                frames.AddRange(_documents.Trim(subscription.Id, maxDocumentsPerSubscription).Select(id => DdpFrames.Removed(DdpFrames.ChatsCollection, id)));
                break;
            case { Event: { Kind: RoomEventKind.MessageDeleted, TargetMessageId: { } deleted } }:
                if (_documents.Unpublish(subscription.Id, deleted))
                {
                    frames.Add(DdpFrames.Removed(DdpFrames.ChatsCollection, deleted));
                }

                break;
            case { Event.Kind: not (RoomEventKind.MessageEdited or RoomEventKind.MessageDeleted) }:
                if (_events.Publish(subscription.Id, entry.MessageId))
                {
                    frames.Add(DdpFrames.RoomEventAdded(entry));
                }

                break;
        }
    }

    private void Unpublish(Subscription subscription, List<string> frames)
    {
        frames.AddRange(_documents.Unpublish(subscription.Id).Select(id => DdpFrames.Removed(DdpFrames.ChatsCollection, id)));
        frames.AddRange(_events.Unpublish(subscription.Id).Select(id => DdpFrames.Removed(DdpFrames.RoomEventsCollection, id)));
    }

    private static void Ready(Subscription subscription, List<string> frames)
    {
        if (!subscription.ReadySent)
        {
            subscription.ReadySent = true;
            frames.Add(DdpFrames.Ready(subscription.Id));
        }
    }

    private sealed class Subscription(string id)
    {
        public string Id { get; } = id;

        public RoomId? RoomId { get; set; }

        public PublishState State { get; set; }

        /// <summary>Live messages that arrived while starting, published after the replay.</summary>
        public List<ChatMessage> Early { get; } = [];

        public bool ReadySent { get; set; }
    }

    private enum PublishState
    {
        Parked,
        Starting,
        Active,
    }
}
