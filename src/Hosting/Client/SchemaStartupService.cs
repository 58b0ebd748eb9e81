using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Hosting.Schema;

namespace Parley.Hosting;

/// <summary>Applies the database schema before the Orleans client starts (it is registered first).</summary>
internal sealed class SchemaStartupService(ParleyDatabase database, ILogger<SchemaStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseSchema.EnsureAsync(database.Kind ?? DatabaseKind.PostgreSql, database.ConnectionString!, cancellationToken);
        logger.LogInformation("Database schema ready");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
