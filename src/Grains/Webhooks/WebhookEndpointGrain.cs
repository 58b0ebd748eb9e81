using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Parley.Grains.Hosting;

namespace Parley.Grains.Webhooks;

[GenerateSerializer, Alias("webhook-endpoint-state")]
internal sealed class WebhookEndpointState
{
    [Id(0)] public WebhookEndpoint? Endpoint { get; set; }

    /// <summary>Events not delivered yet, in the order they go out.</summary>
    [Id(1)] public ImmutableList<PendingEvent> Outbox { get; set; } = [];

    /// <summary>The latest attempts, newest last.</summary>
    [Id(2)] public ImmutableList<WebhookDelivery> Log { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("webhook-pending")]
internal sealed record PendingEvent(
    [property: Id(0)] WebhookEvent Event,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset NextAttemptAt);

/// <summary>
/// Delivers an endpoint's events at least once, one at a time in outbox order (so in order per
/// room), and only after they are stored: a silo that dies loses nothing the outbox holds, and the
/// silos' periodic wake-up resumes it elsewhere. A failure waits (one second, doubling up to
/// <see cref="WebhookOptions.MaxBackoff"/>) and is retried for <see cref="WebhookOptions.RetryFor"/>.
/// </summary>
internal sealed class WebhookEndpointGrain(
    [PersistentState("endpoint", StorageNames.Parley)] IPersistentState<WebhookEndpointState> state,
    WebhookSender sender,
    GrainClock clock,
    IOptions<WebhookOptions> options) : Grain, IWebhookEndpointGrain
{
    private const int LogLength = 100;
    private readonly WebhookOptions _options = options.Value;
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule();
        return Task.CompletedTask;
    }

    public async ValueTask ConfigureAsync(WebhookEndpoint endpoint)
    {
        state.State.Endpoint = endpoint;
        await state.WriteStateAsync();
    }

    public async ValueTask PublishAsync(ImmutableArray<WebhookEvent> events)
    {
        if (state.State.Endpoint is null)
        {
            return;
        }

        var now = clock.UtcNow;
        var outbox = state.State.Outbox;
        foreach (var webhookEvent in events)
        {
            // Calls from a room may overtake each other: a room's events go out in seq order all the same.
            var later = webhookEvent.RoomId is null ? -1 : outbox.FindIndex(pending => pending.Event.RoomId == webhookEvent.RoomId && pending.Event.Seq > webhookEvent.Seq);
            var next = new PendingEvent(webhookEvent, 0, now);
            outbox = later < 0 ? outbox.Add(next) : outbox.Insert(later, next);
        }

        state.State.Outbox = outbox;
        await state.WriteStateAsync();
        Schedule();
    }

    public Task WakeAsync()
    {
        Schedule();
        return Task.CompletedTask;
    }

    public ValueTask<ImmutableArray<WebhookDelivery>> GetDeliveriesAsync() =>
        ValueTask.FromResult(state.State.Endpoint is null
            ? throw new ParleyException(ParleyErrorCode.NotFound, $"no webhook endpoint '{this.GetPrimaryKeyString()}'")
            : state.State.Log.ToImmutableArray());

    public async ValueTask RemoveAsync()
    {
        _timer?.Dispose();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Runs the delivery loop while the outbox holds anything; the timer keeps the grain active meanwhile.</summary>
    private void Schedule()
    {
        if (_timer is not null || state.State.Outbox.IsEmpty || state.State.Endpoint is null)
        {
            return;
        }

        _timer = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(250)) { KeepAlive = true });
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        while (state.State.Endpoint is { } endpoint && !state.State.Outbox.IsEmpty && state.State.Outbox[0].NextAttemptAt <= clock.UtcNow)
        {
            var pending = state.State.Outbox[0];
            var now = clock.UtcNow;
            var (status, error) = await sender.SendAsync(endpoint, pending.Event, now);
            var attempt = pending.Attempts + 1;
            string outcome;
            if (status is >= 200 and < 300)
            {
                outcome = "delivered";
                state.State.Outbox = state.State.Outbox.RemoveAt(0);
            }
            else if (now - pending.Event.OccurredAt >= _options.RetryFor)
            {
                outcome = "given_up";
                state.State.Outbox = state.State.Outbox.RemoveAt(0);
            }
            else
            {
                outcome = "retrying";
                var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), _options.MaxBackoff.TotalSeconds));
                state.State.Outbox = state.State.Outbox.SetItem(0, pending with { Attempts = attempt, NextAttemptAt = now + wait });
            }

            var log = state.State.Log.Add(new WebhookDelivery(pending.Event.Id, pending.Event.Type, attempt, now, status, error, outcome));
            state.State.Log = log.Count > LogLength ? log.RemoveRange(0, log.Count - LogLength) : log;
            await state.WriteStateAsync(cancellationToken);
            if (outcome == "retrying")
            {
                break;
            }
        }

        if (state.State.Outbox.IsEmpty)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
