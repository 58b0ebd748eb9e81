using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Parley.Hosting;

/// <summary>Applies <see cref="FailureDetectionOptions.ClientResponseTimeout"/> to a client-only front-end.</summary>
internal sealed class ClientResponseTimeoutSetup(IOptions<FailureDetectionOptions> options) : IConfigureOptions<ClientMessagingOptions>
{
    public void Configure(ClientMessagingOptions messaging)
    {
        if (!options.Value.UseOrleansDefaults)
        {
            messaging.ResponseTimeout = options.Value.ClientResponseTimeout;
        }
    }
}
