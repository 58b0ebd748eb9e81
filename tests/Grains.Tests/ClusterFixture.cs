using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using Parley.Grains.Accounts;
using Parley.Grains.Hosting;

namespace Parley.Grains.Tests;

/// <summary>One in-process silo with memory storage (Orleans' binary serializer, as Parley stores state) and a fake Parley clock, shared by every test.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public TestCluster Cluster { get; } = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Deactivates every idle grain, so the next call reloads its state from storage.</summary>
    public Task DeactivateAllAsync() =>
        Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>Reads a grain's persisted state straight from the storage provider.</summary>
    public async Task<T> ReadStoredStateAsync<T>(string stateName, string grainType, string key) where T : new()
    {
        var silo = Cluster.Primary as InProcessSiloHandle ?? throw new InvalidOperationException("Silo is not in-process.");
        var storage = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Parley);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, GrainId.Create(grainType, key), state);
        return state.State ?? throw new InvalidOperationException($"No {stateName} state stored for {grainType}/{key}.");
    }

    /// <summary>Writes a grain's state straight into the storage provider (as an older Parley would have stored it).</summary>
    public async Task WriteStoredStateAsync<T>(string stateName, string grainType, string key, T value)
    {
        var silo = Cluster.Primary as InProcessSiloHandle ?? throw new InvalidOperationException("Silo is not in-process.");
        var storage = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Parley);
        await storage.WriteStateAsync(stateName, GrainId.Create(grainType, key), new GrainState<T>(value));
    }

    internal sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Parley);

            // Parley stores grain state with Orleans' own serializer, never JSON (see Hosting/Storage).
            siloBuilder.Services.AddSingleton<OrleansGrainStorageSerializer>();
            siloBuilder.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Parley)
                .Configure<OrleansGrainStorageSerializer>((options, serializer) => options.GrainStorageSerializer = serializer);
            siloBuilder.Services.AddSingleton(new GrainClock(Time));
            siloBuilder.Services.AddParleyGrains();
            siloBuilder.Services.Configure<AccountOptions>(options => options.PasswordIterations = 1_000);
        }
    }
}

[CollectionDefinition(nameof(ClusterCollection))]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;
