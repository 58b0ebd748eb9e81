using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parley.Hosting.Schema;

/// <summary>
/// Creates or updates the tables and the <c>OrleansQuery</c> rows the Orleans ADO.NET providers
/// need. Idempotent, and safe when several processes start against the same database at once.
/// </summary>
public static class DatabaseSchema
{
    /// <summary>Manifest name of the embedded PostgreSQL script (<c>Sql/PostgreSQL.sql</c>).</summary>
    public const string PostgreSqlScriptResource = "Parley.Sql.PostgreSQL.sql";

    /// <summary>Manifest name of the embedded SQLite script (<c>Sql/Sqlite.sql</c>).</summary>
    public const string SqliteScriptResource = "Parley.Sql.Sqlite.sql";

    /// <summary>The ADO.NET invariant Orleans' providers expect for <paramref name="kind"/>.</summary>
    /// <remarks>Orleans 10.4 maps <c>System.Data.SQLite</c> to Microsoft.Data.Sqlite's factory.</remarks>
    public static string Invariant(this DatabaseKind kind) => kind switch
    {
        DatabaseKind.PostgreSql => "Npgsql",
        DatabaseKind.Sqlite => "System.Data.SQLite",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown database kind."),
    };

    /// <summary>Applies the embedded script for <paramref name="kind"/> to the database.</summary>
    /// <remarks>For SQLite the folder of the database file is created when missing.</remarks>
    public static Task EnsureAsync(DatabaseKind kind, string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return kind switch
        {
            DatabaseKind.PostgreSql => EnsurePostgreSqlAsync(connectionString, cancellationToken),
            DatabaseKind.Sqlite => EnsureSqliteAsync(connectionString, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown database kind."),
        };
    }

    private static async Task EnsurePostgreSqlAsync(string connectionString, CancellationToken cancellationToken)
    {
        var script = await ReadScriptAsync(PostgreSqlScriptResource, cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task EnsureSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var script = await ReadScriptAsync(SqliteScriptResource, cancellationToken);

        // Unpooled: should the script fail inside its transaction, closing the connection rolls it back.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        CreateParentDirectory(builder);

        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void CreateParentDirectory(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(dataSource)
            || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static async Task<string> ReadScriptAsync(string resourceName, CancellationToken cancellationToken)
    {
        var assembly = typeof(DatabaseSchema).Assembly;
        await using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{resourceName}' is missing from {assembly.GetName().Name}; it has: "
                + string.Join(", ", assembly.GetManifestResourceNames()));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
