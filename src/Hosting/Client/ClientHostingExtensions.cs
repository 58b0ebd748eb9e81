using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Parley.Hosting.Schema;

namespace Parley.Hosting;

/// <summary>Makes a host an Orleans client of a separate silo cluster (a front-end in split mode).</summary>
public static class ClientHostingExtensions
{
    public static IHostApplicationBuilder AddParleyClient(this IHostApplicationBuilder builder, ClusterSettings settings)
    {
        var database = settings.Database;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddParleyFailureDetection();
        builder.Services.AddSingleton<IConfigureOptions<ClientMessagingOptions>, ClientResponseTimeoutSetup>();
        if (database.HostsMembership)
        {
            // Front-ends may start before any silo: make sure the membership table exists to be polled.
            builder.Services.AddHostedService(services => new SchemaStartupService(database, services.GetRequiredService<ILogger<SchemaStartupService>>()));
        }

        builder.UseOrleansClient(client =>
        {
            if (database.HostsMembership)
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = settings.ClusterId;
                    options.ServiceId = settings.ServiceId;
                });
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = DatabaseKind.PostgreSql.Invariant();
                    options.ConnectionString = database.ConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }

            client.Services.AddSingleton<IClientConnectionRetryFilter, RetryConnectingForAWhile>();
            if (settings.DashboardEnabled)
            {
                client.AddDashboard();
            }
        });
        return builder;
    }
}
