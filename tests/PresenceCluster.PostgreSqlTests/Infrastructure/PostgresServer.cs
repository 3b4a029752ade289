using Npgsql;

namespace PresenceCluster.PostgreSqlTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against, named by PRESENCE_TEST_POSTGRES (a connection string with rights to
/// create databases). <c>deploy/postgres/test-server.sh start</c> starts one and prints the variables; .ci/run does
/// that itself.
/// </summary>
public static class PostgresServer
{
    public const string ConnectionVariable = "PRESENCE_TEST_POSTGRES";
    public const string RestartVariable = "PRESENCE_TEST_POSTGRES_RESTART";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? $"{ConnectionVariable} is not set: run `eval \"$(deploy/postgres/test-server.sh start)\"` first (CI does)."
            : null;

    /// <summary>A new, empty database on the server; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = ConnectionString ?? throw new InvalidOperationException(Unavailable);
        var name = $"presence_{Guid.NewGuid():N}";
        await using (var dataSource = NpgsqlDataSource.Create(admin))
        await using (var command = dataSource.CreateCommand($"CREATE DATABASE {name}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString!);
        await using var command = dataSource.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Restarts the server (fast shutdown, then start), as an outage would.</summary>
    public static async Task RestartAsync()
    {
        var command = Environment.GetEnvironmentVariable(RestartVariable)
            ?? throw new InvalidOperationException($"{RestartVariable} is not set; deploy/postgres/test-server.sh start sets it.");
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var process = System.Diagnostics.Process.Start(parts[0], parts[1..]);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' exited with {process.ExitCode}.");
        }
    }
}
