using Microsoft.Extensions.Configuration;
using Parley.Silo.Schema;

namespace Parley.Silo.Hosting;

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
            return new ParleyDatabase(DatabaseKind.PostgreSql, postgres);
        }

        if (string.Equals(configuration["Parley:Storage"], "Memory", StringComparison.OrdinalIgnoreCase))
        {
            return new ParleyDatabase(null, null);
        }

        var directory = Path.GetFullPath(configuration["Parley:DataDirectory"] is { Length: > 0 } configured ? configured : "data");
        return new ParleyDatabase(DatabaseKind.Sqlite, $"Data Source={Path.Combine(directory, "parley.db")}");
    }
}
