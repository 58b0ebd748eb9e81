using Orleans.Configuration;
using Orleans.Dashboard;
using Parley.Silo.Hosting;
using Parley.Silo.Schema;

namespace Parley.Frontend.Hosting;

/// <summary>Joins the process to the Orleans cluster as <see cref="ParleyRole"/> says.</summary>
public static class ClusterHostingExtensions
{
    public static WebApplicationBuilder AddParleyCluster(this WebApplicationBuilder builder)
    {
        var role = builder.Configuration.GetValue("Parley:Role", ParleyRole.Combined);
        if (role == ParleyRole.Frontend)
        {
            builder.AddOrleansClientOnly();
        }
        else
        {
            builder.AddParleySilo();
        }

        return builder;
    }

    private static void AddOrleansClientOnly(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var database = ParleyDatabase.FromConfiguration(configuration);
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
                    options.ClusterId = configuration["Orleans:ClusterId"] ?? SiloHostingExtensions.DefaultClusterId;
                    options.ServiceId = configuration["Orleans:ServiceId"] ?? SiloHostingExtensions.DefaultServiceId;
                });
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = DatabaseKind.PostgreSql.Invariant();
                    options.ConnectionString = database.ConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(
                    configuration.GetValue("Orleans:Endpoints:GatewayPort", SiloHostingExtensions.DefaultGatewayPort),
                    configuration["Orleans:ServiceId"] ?? SiloHostingExtensions.DefaultServiceId,
                    configuration["Orleans:ClusterId"] ?? SiloHostingExtensions.DefaultClusterId);
            }

            client.Services.AddSingleton<IClientConnectionRetryFilter, RetryConnectingForAWhile>();
            if (configuration.GetValue<bool>(SiloHostingExtensions.DashboardEnabledKey))
            {
                client.AddDashboard();
            }

            var detection = configuration.GetSection(FailureDetectionOptions.Section).Get<FailureDetectionOptions>() ?? new FailureDetectionOptions();
            if (!detection.UseOrleansDefaults)
            {
                client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = detection.ClientResponseTimeout);
            }
        });
    }
}
