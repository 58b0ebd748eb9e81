namespace Parley.Frontend.Ddp;

/// <summary>
/// What the client of one DDP connection is sent for its <c>getChats</c> subscriptions into
/// collection <c>chats</c>, decided on the connection's writer in queue order: a subscription's
/// steps (<see cref="ChatsStep"/>) and the room's live messages arrive in the order they happened,
/// so a subscription's replay always precedes its live messages and <c>ready</c> follows the
/// replay. Documents are counted per subscription in a <see cref="MergeBox"/>, and a subscription
/// keeps only its newest <c>maxDocumentsPerSubscription</c>, so a long-lived one stays bounded.
/// </summary>
internal sealed class ChatsPublisher(int maxDocumentsPerSubscription)
{
    private readonly MergeBox _documents = new();
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
                foreach (var message in started.Early.Where(m => m.Seq > replayedUpTo))
                {
                    Publish(started, message, frames);
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
                foreach (var subscription in _subscriptions.Values)
                {
                    Unpublish(subscription, frames);
                    subscription.State = PublishState.Parked;
                }

                break;
            case ChatsRerunFinished:
                frames.AddRange(_documents.EndHold().Select(id => DdpFrames.Removed(DdpFrames.ChatsCollection, id)));
                break;
        }

        return frames;
    }

    /// <summary>The frames for messages pushed live into a room.</summary>
    public List<string> Live(RoomId roomId, IReadOnlyList<ChatMessage> messages)
    {
        var frames = new List<string>();
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.RoomId != roomId)
            {
                continue;
            }

            if (subscription.State == PublishState.Active)
            {
                foreach (var message in messages)
                {
                    Publish(subscription, message, frames);
                }
            }
            else if (subscription.State == PublishState.Starting)
            {
                subscription.Early.AddRange(messages);
            }
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

    private void Publish(Subscription subscription, ChatMessage message, List<string> frames)
    {
        if (_documents.Publish(subscription.Id, message.MessageId))
        {
            frames.Add(DdpFrames.ChatAdded(message));
        }

        frames.AddRange(_documents.Trim(subscription.Id, maxDocumentsPerSubscription).Select(id => DdpFrames.Removed(DdpFrames.ChatsCollection, id)));
    }

    private void Unpublish(Subscription subscription, List<string> frames) =>
        frames.AddRange(_documents.Unpublish(subscription.Id).Select(id => DdpFrames.Removed(DdpFrames.ChatsCollection, id)));

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
