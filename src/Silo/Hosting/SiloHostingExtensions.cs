using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using Parley.Grains;
using Parley.Grains.Hosting;
using Parley.Silo.Schema;
using Parley.Silo.Storage;

namespace Parley.Silo.Hosting;

/// <summary>Turns a host into a Parley silo: clustering and storage by configuration (see <see cref="ParleyDatabase"/>).</summary>
public static class SiloHostingExtensions
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "parley";
    public const string DefaultServiceId = "parley";

    /// <summary>Configuration key that turns on the Orleans Dashboard (served by front-ends at <c>/dashboard</c>).</summary>
    public const string DashboardEnabledKey = "Parley:Dashboard:Enabled";

    public static IHostApplicationBuilder AddParleySilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        var configuration = builder.Configuration;
        var database = ParleyDatabase.FromConfiguration(configuration);
        builder.Services.AddParleyGrains();
        builder.Services.AddSingleton(database);
        builder.Services.AddOptions<FailureDetectionOptions>().BindConfiguration(FailureDetectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Orleans:ClusterId"] ?? DefaultClusterId;
                options.ServiceId = configuration["Orleans:ServiceId"] ?? DefaultServiceId;
            });
            silo.Services.AddSingleton<IConfigureOptions<ClusterMembershipOptions>, FailureDetectionSetup>();
            silo.AddParleyStorage(database, configuration);
            if (configuration.GetValue<bool>(DashboardEnabledKey))
            {
                silo.AddDashboard();
            }

            configure?.Invoke(silo);
        });
        return builder;
    }

    private static void AddParleyStorage(this ISiloBuilder silo, ParleyDatabase database, IConfiguration configuration)
    {
        silo.Services.AddSingleton<OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<JsonGrainStorageSerializer>();
        silo.Services.AddSingleton<ParleyStorageSerializer>();
        if (database.Kind is { } kind)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstaller>();
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Parley)
                .Configure<ParleyStorageSerializer>((options, serializer) => options.GrainStorageSerializer = serializer);
            silo.AddAdoNetGrainStorage(StorageNames.Parley, options =>
            {
                options.Invariant = kind.Invariant();
                if (kind == DatabaseKind.Sqlite)
                {
                    options.DataSource = new SqliteDataSource(database.ConnectionString!);
                }
                else
                {
                    options.ConnectionString = database.ConnectionString;
                }
            });
            if (kind == DatabaseKind.PostgreSql)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Segments, (provider, _) => new PostgresSegmentStorage(
                    database.ConnectionString!,
                    provider.GetRequiredService<ParleyStorageSerializer>(),
                    provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            }
        }
        else
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InMemoryStorageBanner>();
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Parley)
                .Configure<ParleyStorageSerializer>((options, serializer) => options.GrainStorageSerializer = serializer);
            silo.AddMemoryGrainStorage(StorageNames.Parley);
        }

        if (database.HostsMembership)
        {
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = DatabaseKind.PostgreSql.Invariant();
                options.ConnectionString = database.ConnectionString;
            });
            silo.Services.PostConfigure<EndpointOptions>(options => DefaultToLoopback(options, configuration));
        }
        else
        {
            silo.UseLocalhostClustering(
                configuration.GetValue("Orleans:Endpoints:SiloPort", DefaultSiloPort),
                configuration.GetValue("Orleans:Endpoints:GatewayPort", DefaultGatewayPort),
                serviceId: configuration["Orleans:ServiceId"] ?? DefaultServiceId,
                clusterId: configuration["Orleans:ClusterId"] ?? DefaultClusterId);
        }
    }

    /// <summary>Without an advertised address Orleans binds the machine's public interface; we stay on loopback unless told.</summary>
    private static void DefaultToLoopback(EndpointOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration["Orleans:Endpoints:AdvertisedIPAddress"]))
        {
            return;
        }

        options.AdvertisedIPAddress = IPAddress.Loopback;
        options.SiloListeningEndpoint ??= new IPEndPoint(IPAddress.Loopback, options.SiloPort);
        options.GatewayListeningEndpoint ??= new IPEndPoint(IPAddress.Loopback, options.GatewayPort);
    }
}
