namespace Parley.Hosting.Schema;

/// <summary>The databases Parley's Orleans providers run on.</summary>
public enum DatabaseKind
{
    /// <summary>PostgreSQL through Npgsql: clustering, grain storage and reminders.</summary>
    PostgreSql,

    /// <summary>A SQLite file through Microsoft.Data.Sqlite: grain storage only.</summary>
    Sqlite,
}
