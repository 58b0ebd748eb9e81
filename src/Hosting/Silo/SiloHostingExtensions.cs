using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using Parley.Grains;
using Parley.Grains.Hosting;
using Parley.Hosting.Schema;
using Parley.Hosting.Storage;

namespace Parley.Hosting;

/// <summary>Turns a host into a Parley silo: clustering and storage by configuration (see <see cref="ClusterSettings"/>).</summary>
public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder AddParleySilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null) =>
        builder.AddParleySilo(ClusterSettings.From(builder.Configuration), configure);

    public static IHostApplicationBuilder AddParleySilo(this IHostApplicationBuilder builder, ClusterSettings settings, Action<ISiloBuilder>? configure = null)
    {
        var database = settings.Database;
        builder.Services.AddParleyGrains();
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddParleyFailureDetection();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            silo.Services.AddSingleton<IConfigureOptions<ClusterMembershipOptions>, FailureDetectionSetup>();
            silo.AddParleyStorage(database);
            silo.AddParleyClustering(settings);
            if (settings.DashboardEnabled)
            {
                silo.AddDashboard();
            }

            configure?.Invoke(silo);
        });
        return builder;
    }

    private static void AddParleyStorage(this ISiloBuilder silo, ParleyDatabase database)
    {
        silo.Services.AddSingleton<OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<ParleyStorageSerializer>();
        if (database.Kind is not { } kind)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InMemoryStorageBanner>();
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Parley)
                .Configure<ParleyStorageSerializer>((options, serializer) => options.GrainStorageSerializer = serializer);
            silo.AddMemoryGrainStorage(StorageNames.Parley);
            return;
        }

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstaller>();
        var sqlite = kind == DatabaseKind.Sqlite ? new SqliteDataSource(database.ConnectionString!) : null;
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Parley)
            .Configure<ParleyStorageSerializer>((options, serializer) => options.GrainStorageSerializer = serializer);
        silo.AddAdoNetGrainStorage(StorageNames.Parley, options =>
        {
            options.Invariant = kind.Invariant();
            if (sqlite is not null)
            {
                options.DataSource = sqlite;
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
        else if (sqlite is not null)
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Segments, (provider, _) => new SqliteSegmentStorage(
                sqlite,
                provider.GetRequiredService<ParleyStorageSerializer>(),
                provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Parley)));
        }
    }

    private static void AddParleyClustering(this ISiloBuilder silo, ClusterSettings settings)
    {
        if (!settings.Database.HostsMembership)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            return;
        }

        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = DatabaseKind.PostgreSql.Invariant();
            options.ConnectionString = settings.Database.ConnectionString;
        });
        silo.Configure<EndpointOptions>(options =>
        {
            // Without an advertised address Orleans binds the machine's public interface; we stay on loopback unless told.
            var address = settings.AdvertisedAddress ?? IPAddress.Loopback;
            options.AdvertisedIPAddress = address;
            options.SiloPort = settings.SiloPort;
            options.GatewayPort = settings.GatewayPort;
            if (settings.AdvertisedAddress is null)
            {
                options.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, settings.SiloPort);
                options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, settings.GatewayPort);
            }
        });
    }
}
