using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>The registered webhook endpoints, one list for the cluster.</summary>
[Alias("webhooks")]
public interface IWebhooksGrain : IGrainWithStringKey
{
    /// <summary>Registers an endpoint; the answer holds its signing secret, the only time it is shown.</summary>
    [Alias("register")]
    ValueTask<WebhookEndpoint> RegisterAsync(string url, ImmutableArray<string> events, string createdBy);

    [Alias("list")]
    ValueTask<ImmutableArray<WebhookEndpoint>> ListAsync();

    [Alias("delete")]
    ValueTask DeleteAsync(string id);

    /// <summary>Asks every endpoint to deliver what it still holds (after a silo died, nobody else would).</summary>
    [Alias("wake"), OneWay]
    Task WakeAllAsync();
}

/// <summary>One endpoint's durable outbox, delivery loop and delivery log.</summary>
[Alias("webhook-endpoint")]
public interface IWebhookEndpointGrain : IGrainWithStringKey
{
    [Alias("configure")]
    ValueTask ConfigureAsync(WebhookEndpoint endpoint);

    /// <summary>Stores the events in the outbox, then delivers them in order, retrying with backoff.</summary>
    [Alias("publish")]
    ValueTask PublishAsync(ImmutableArray<WebhookEvent> events);

    [Alias("wake"), OneWay]
    Task WakeAsync();

    [Alias("deliveries")]
    ValueTask<ImmutableArray<WebhookDelivery>> GetDeliveriesAsync();

    [Alias("remove")]
    ValueTask RemoveAsync();
}

[GenerateSerializer, Immutable, Alias("webhook-endpoint-info")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<string> Events,
    [property: Id(3)] string Secret,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy)
{
    public bool Wants(string type) => Events.Contains(type);
}

/// <summary>What happened, as the endpoint receives it: <c>{id, type, occurredAt, data}</c>.</summary>
[GenerateSerializer, Immutable, Alias("webhook-event")]
public sealed record WebhookEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string? RoomId,
    [property: Id(4)] long? Seq,
    [property: Id(5)] ImmutableDictionary<string, string?> Data);

/// <summary>One attempt to deliver an event, as the delivery log keeps it.</summary>
[GenerateSerializer, Immutable, Alias("webhook-delivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] int? Status,
    [property: Id(5)] string? Error,
    [property: Id(6)] string Outcome);

/// <summary>The event types an endpoint may ask for.</summary>
public static class WebhookEventTypes
{
    public const string MessageCreated = "message.created";
    public const string MessageEdited = "message.edited";
    public const string MessageDeleted = "message.deleted";
    public const string MemberJoined = "member.joined";
    public const string MemberLeft = "member.left";
    public const string SessionStarted = "session.started";
    public const string SessionEnded = "session.ended";

    public static readonly ImmutableArray<string> All =
        [MessageCreated, MessageEdited, MessageDeleted, MemberJoined, MemberLeft, SessionStarted, SessionEnded];
}
