using System.Net;
using Microsoft.Extensions.Configuration;

namespace Parley.Hosting;

/// <summary>
/// Where this process stands in the cluster, read once from configuration under the standard
/// Orleans keys (<c>Orleans:ClusterId</c>, <c>Orleans:Endpoints:SiloPort</c>, …) and Parley's own
/// (<c>Parley:Role</c>, <c>Parley:Dashboard:Enabled</c>, the database keys of <see cref="ParleyDatabase"/>).
/// </summary>
public sealed record ClusterSettings(
    ParleyRole Role,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress,
    bool DashboardEnabled,
    ParleyDatabase Database)
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "parley";
    public const string DefaultServiceId = "parley";

    public static ClusterSettings From(IConfiguration configuration) => new(
        configuration.GetValue("Parley:Role", ParleyRole.Combined),
        configuration["Orleans:ClusterId"] ?? DefaultClusterId,
        configuration["Orleans:ServiceId"] ?? DefaultServiceId,
        configuration.GetValue("Orleans:Endpoints:SiloPort", DefaultSiloPort),
        configuration.GetValue("Orleans:Endpoints:GatewayPort", DefaultGatewayPort),
        configuration["Orleans:Endpoints:AdvertisedIPAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : null,
        configuration.GetValue<bool>("Parley:Dashboard:Enabled"),
        ParleyDatabase.FromConfiguration(configuration));
}
