using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Parley.Hosting;

/// <summary>Applies <see cref="FailureDetectionOptions"/> to Orleans' membership protocol.</summary>
internal sealed class FailureDetectionSetup(IOptions<FailureDetectionOptions> options) : IConfigureOptions<ClusterMembershipOptions>
{
    public void Configure(ClusterMembershipOptions membership)
    {
        var detection = options.Value;
        if (detection.UseOrleansDefaults)
        {
            return;
        }

        membership.ProbeTimeout = detection.ProbeTimeout;
        membership.NumMissedProbesLimit = detection.MissedProbesLimit;
        membership.IAmAliveTablePublishTimeout = detection.LivenessWriteInterval;
    }
}
