using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Parley.Grains.Hosting;

namespace Parley.Grains.Webhooks;

[GenerateSerializer, Alias("webhooks-state")]
internal sealed class WebhooksState
{
    [Id(0)] public ImmutableArray<WebhookEndpoint> Endpoints { get; set; } = [];
}

/// <summary>The list of endpoints; each endpoint's deliveries are its own grain's.</summary>
internal sealed class WebhooksGrain(
    [PersistentState("webhooks", StorageNames.Parley)] IPersistentState<WebhooksState> webhooks,
    GrainClock clock,
    IOptions<WebhookOptions> options) : Grain, IWebhooksGrain
{
    public async ValueTask<WebhookEndpoint> RegisterAsync(string url, ImmutableArray<string> events, string createdBy)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2048)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "url must be an absolute http or https URL of at most 2048 characters");
        }

        if (events.IsDefaultOrEmpty || events.Any(type => !WebhookEventTypes.All.Contains(type)))
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"events: one or more of {string.Join(", ", WebhookEventTypes.All)}");
        }

        if (webhooks.State.Endpoints.Length >= options.Value.MaxEndpoints)
        {
            throw new ParleyException(ParleyErrorCode.LimitExceeded, $"at most {options.Value.MaxEndpoints} webhook endpoints");
        }

        var endpoint = new WebhookEndpoint(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            uri.ToString(),
            [.. events.Distinct()],
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            clock.UtcNow,
            createdBy);
        await GrainFactory.GetWebhookEndpoint(endpoint.Id).ConfigureAsync(endpoint);
        webhooks.State.Endpoints = webhooks.State.Endpoints.Add(endpoint);
        await webhooks.WriteStateAsync();
        return endpoint;
    }

    public ValueTask<ImmutableArray<WebhookEndpoint>> ListAsync() => ValueTask.FromResult(webhooks.State.Endpoints);

    public async ValueTask DeleteAsync(string id)
    {
        if (!webhooks.State.Endpoints.Any(endpoint => endpoint.Id == id))
        {
            throw new ParleyException(ParleyErrorCode.NotFound, $"no webhook endpoint '{id}'");
        }

        await GrainFactory.GetWebhookEndpoint(id).RemoveAsync();
        webhooks.State.Endpoints = webhooks.State.Endpoints.RemoveAll(endpoint => endpoint.Id == id);
        await webhooks.WriteStateAsync();
    }

    public Task WakeAllAsync()
    {
        foreach (var endpoint in webhooks.State.Endpoints)
        {
            GrainFactory.GetWebhookEndpoint(endpoint.Id).WakeAsync().Ignore();
        }

        return Task.CompletedTask;
    }
}
