using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>One <c>getChats</c> subscription of a DDP connection. Touched only under the publication's lock.</summary>
internal sealed class ChatsSubscription(string id, RoomId roomId, int limit)
{
    public string Id { get; } = id;

    public RoomId RoomId { get; } = roomId;

    /// <summary>How many of the newest messages to publish when the subscription (re)starts.</summary>
    public int Limit { get; } = limit;

    public ChatsSubscriptionState State { get; set; }

    /// <summary>The login it runs under while starting or active.</summary>
    public ChatConnection? Connection { get; set; }

    /// <summary>Live messages that arrive while the subscription is starting, published after its replay.</summary>
    public List<ChatMessage> Early { get; } = [];

    /// <summary>The ids this subscription published: what <c>unsub</c> takes away again.</summary>
    public HashSet<string> Documents { get; } = [];

    public bool ReadySent { get; set; }
}

internal enum ChatsSubscriptionState
{
    /// <summary>No user is logged in: ready and empty, like a Meteor publication that returns <c>this.ready()</c> for no user.</summary>
    Parked,

    /// <summary>Subscribing to the room's feed; live messages are held in <see cref="ChatsSubscription.Early"/>.</summary>
    Starting,

    Active,
}
