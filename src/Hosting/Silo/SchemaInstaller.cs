using Microsoft.Extensions.Logging;
using Parley.Hosting.Schema;

namespace Parley.Hosting;

/// <summary>Creates or updates the database schema before membership and storage start, so an empty database just works.</summary>
internal sealed partial class SchemaInstaller(ParleyDatabase database, ILogger<SchemaInstaller> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstaller), ServiceLifecycleStage.First, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        var kind = database.Kind ?? throw new InvalidOperationException("No database configured.");
        await DatabaseSchema.EnsureAsync(kind, database.ConnectionString!, cancellationToken);
        LogSchemaReady(kind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema ready ({Kind})")]
    private partial void LogSchemaReady(DatabaseKind kind);
}
