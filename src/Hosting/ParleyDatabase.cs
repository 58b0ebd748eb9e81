using Microsoft.Extensions.Configuration;
using Npgsql;
using Parley.Hosting.Schema;

namespace Parley.Hosting;

/// <summary>
/// Where grain state (and, for PostgreSQL, cluster membership) lives, chosen from configuration:
/// <c>ConnectionStrings:Parley</c> → PostgreSQL; else <c>Parley:Storage=Memory</c> → memory
/// (tests only); else a SQLite file under <c>Parley:DataDirectory</c> (default <c>./data</c>).
/// </summary>
public sealed record ParleyDatabase(DatabaseKind? Kind, string? ConnectionString)
{
    public const string ConnectionName = "Parley";

    public bool IsInMemory => Kind is null;

    /// <summary>Only PostgreSQL holds a membership table; other modes cluster on localhost.</summary>
    public bool HostsMembership => Kind == DatabaseKind.PostgreSql;

    public static ParleyDatabase FromConfiguration(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionName) is { Length: > 0 } postgres)
        {
            return new ParleyDatabase(DatabaseKind.PostgreSql, WithPreparedStatements(postgres));
        }

        if (string.Equals(configuration["Parley:Storage"], "Memory", StringComparison.OrdinalIgnoreCase))
        {
            return new ParleyDatabase(null, null);
        }

        var directory = Path.GetFullPath(configuration["Parley:DataDirectory"] is { Length: > 0 } configured ? configured : "data");
        return new ParleyDatabase(DatabaseKind.Sqlite, $"Data Source={Path.Combine(directory, "parley.db")}");
    }

    /// <summary>
    /// Orleans' ADO.NET providers send the same few statements over and over; unless the
    /// connection string says otherwise, Npgsql prepares them, so PostgreSQL stops parsing and
    /// planning each grain write (a large share of its CPU per write in the durable-write benchmark).
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
