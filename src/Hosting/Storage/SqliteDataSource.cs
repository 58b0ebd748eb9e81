using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Parley.Hosting.Storage;

/// <summary>
/// SQLite connections for grain storage, each opened with a native busy timeout and WAL-friendly
/// durability. Microsoft.Data.Sqlite has no connection-string keyword for either, and without a
/// busy handler a blocked writer sleeps between retries long enough to stall grain turns under
/// concurrent writes. synchronous=NORMAL with WAL survives a process crash; an OS crash may
/// lose the last commits, acceptable for the single-process dev mode this serves.
/// </summary>
internal sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    public override string ConnectionString { get; } = connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(ConnectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = Pragmas;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = Pragmas;
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
