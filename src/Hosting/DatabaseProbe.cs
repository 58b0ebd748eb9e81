using Npgsql;

namespace Parley.Hosting;

/// <summary>
/// Whether this process can reach PostgreSQL right now, for <c>/readyz</c>. Other modes keep their
/// data in the process (memory) or beside it (a SQLite file), so there is nothing to probe.
/// </summary>
public sealed class DatabaseProbe : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private readonly NpgsqlDataSource? _postgres;

    public DatabaseProbe(ParleyDatabase database)
    {
        if (database.HostsMembership)
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 2, Timeout = (int)Patience.TotalSeconds };
            _postgres = NpgsqlDataSource.Create(builder.ConnectionString);
        }
    }

    /// <summary>True when the database answered; null when there is none to ask.</summary>
    public async Task<bool?> IsReachableAsync(CancellationToken cancellationToken)
    {
        if (_postgres is null)
        {
            return null;
        }

        try
        {
            await using var command = _postgres.CreateCommand("SELECT 1");
            command.CommandTimeout = (int)Patience.TotalSeconds;
            await command.ExecuteScalarAsync(cancellationToken).WaitAsync(Patience, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
