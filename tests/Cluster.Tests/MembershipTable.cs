using Npgsql;

namespace Parley.Cluster.Tests;

/// <summary>What Orleans' membership table says, read straight from PostgreSQL.</summary>
internal static class MembershipTable
{
    private const int Active = 3;
    private const int Dead = 6;

    public static async Task WaitForActiveAsync(string connectionString, int silos, TimeSpan within)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await CountAsync(connectionString)).Active != silos)
        {
            Assert.True(waited.Elapsed < within, $"{silos} active silos expected within {within}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<(int Active, int Dead, int Other)> CountAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand("SELECT status, count(*)::int FROM orleansmembershiptable GROUP BY status");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var (active, dead, other) = (0, 0, 0);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var count = reader.GetInt32(1);
            switch (reader.GetInt32(0))
            {
                case Active: active += count; break;
                case Dead: dead += count; break;
                default: other += count; break;
            }
        }

        return (active, dead, other);
    }
}
