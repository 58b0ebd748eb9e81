using Microsoft.Extensions.Hosting;

namespace Parley.Hosting;

/// <summary>Joins a front-end process to the Orleans cluster as its <see cref="ParleyRole"/> says.</summary>
public static class ClusterHostingExtensions
{
    public static ClusterSettings AddParleyCluster(this IHostApplicationBuilder builder)
    {
        var settings = ClusterSettings.From(builder.Configuration);
        if (settings.Role == ParleyRole.Frontend)
        {
            builder.AddParleyClient(settings);
        }
        else
        {
            builder.AddParleySilo(settings);
        }

        return settings;
    }
}
