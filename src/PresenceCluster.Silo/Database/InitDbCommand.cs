using Microsoft.Extensions.Configuration;
using Npgsql;
using PresenceCluster.Silo.Hosting;

namespace PresenceCluster.Silo.Database;

/// <summary>
/// <c>PresenceCluster.Silo init-db</c>: creates or upgrades the PostgreSQL schema named by
/// <c>ConnectionStrings:PostgreSql</c>, then checks every query key the providers need.
/// </summary>
public static class InitDbCommand
{
    /// <summary>The command-line word.</summary>
    public const string Name = "init-db";

    /// <summary>Runs the command; returns the process exit code (0 done, 1 missing queries, 2 cannot connect or apply).</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var connectionString = configuration.GetConnectionString(PresenceSiloConfiguration.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"init-db: ConnectionStrings:{PresenceSiloConfiguration.ConnectionStringName} is not set (environment variable ConnectionStrings__{PresenceSiloConfiguration.ConnectionStringName}).");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            foreach (var (name, _) in PostgresSchema.Scripts())
            {
                await output.WriteLineAsync($"init-db: applying {name}");
            }

            await PostgresSchema.ApplyAsync(dataSource);
            var missing = await PostgresSchema.FindMissingQueryKeysAsync(dataSource);
            if (missing.Count > 0)
            {
                await error.WriteLineAsync($"init-db: the schema lacks these OrleansQuery keys: {string.Join(", ", missing)}.");
                return 1;
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            await error.WriteLineAsync($"init-db: {exception.Message}");
            return 2;
        }

        await output.WriteLineAsync($"init-db: schema ready; all {PostgresSchema.RequiredQueryKeys.Count} query keys present.");
        return 0;
    }
}
