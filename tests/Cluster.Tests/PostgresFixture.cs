namespace Parley.Cluster.Tests;

/// <summary>One throwaway PostgreSQL server for the whole assembly; each test takes a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An empty database: Parley creates its schema on start.</summary>
    public Task<string> NewDatabaseAsync() => _server.CreateDatabaseAsync($"parley_{Guid.NewGuid():N}"[..20]);
}

[CollectionDefinition(nameof(PostgresCollection))]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
