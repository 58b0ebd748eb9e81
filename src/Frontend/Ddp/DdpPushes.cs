using System.Collections.Immutable;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>A frame of DDP's own (a method result, a pong, an error), queued in order with the core's pushes.</summary>
internal sealed record DdpFrame(string Text) : Push;

/// <summary>The logged-in user changed: the client's <c>users</c> collection holds <paramref name="User"/> only.</summary>
internal sealed record UserDocumentChanged(UserProfile? User) : Push;

/// <summary>A step of a <c>getChats</c> subscription, applied by <see cref="ChatsPublisher"/> in queue order.</summary>
internal abstract record ChatsStep(string SubscriptionId) : Push;

/// <summary>Nobody is logged in: ready and empty, like a Meteor publication that returns <c>this.ready()</c> for no user.</summary>
internal sealed record ChatsParked(string SubscriptionId) : ChatsStep(SubscriptionId);

/// <summary>Joining the room's feed: live messages of the room wait until the replay is published.</summary>
internal sealed record ChatsStarting(string SubscriptionId, RoomId RoomId) : ChatsStep(SubscriptionId);

/// <summary>The room answered: publish what was missed, then what came live meanwhile.</summary>
internal sealed record ChatsReplayed(string SubscriptionId, ImmutableArray<ChatMessage> Messages) : ChatsStep(SubscriptionId);

/// <summary>The subscription ends with an error (<c>nosub</c> with it).</summary>
internal sealed record ChatsFailed(string SubscriptionId, DdpError Error) : ChatsStep(SubscriptionId);

/// <summary>The client unsubscribed (<c>nosub</c>).</summary>
internal sealed record ChatsStopped(string SubscriptionId) : ChatsStep(SubscriptionId);

/// <summary>Every subscription runs again for a new user: documents stay until <see cref="ChatsRerunFinished"/>.</summary>
internal sealed record ChatsRerunStarted() : Push;

/// <summary>The rerun is over: documents no subscription published again are removed.</summary>
internal sealed record ChatsRerunFinished() : Push;
