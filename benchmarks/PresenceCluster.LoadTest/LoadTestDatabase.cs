using System.Diagnostics;
using Npgsql;

namespace PresenceCluster.LoadTest;

/// <summary>
/// A fresh PostgreSQL database for a multi-silo run (membership and grain state must be shared by the silo processes):
/// in the server <c>--postgres</c> names, or the tests' server (<c>PRESENCE_TEST_POSTGRES</c>), or a throwaway server
/// started with <c>deploy/postgres/test-server.sh</c> and stopped afterwards. The database is dropped at the end.
/// </summary>
public sealed class LoadTestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;
    private readonly string _name;
    private readonly string? _startedServerDirectory;
    private readonly string? _script;

    private LoadTestDatabase(string serverConnectionString, string name, string? startedServerDirectory, string? script)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        _startedServerDirectory = startedServerDirectory;
        _script = script;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>The database's connection string, for the silos.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database in the server <paramref name="postgres"/> names (<c>auto</c>: the tests' server or a new one).</summary>
    public static async Task<LoadTestDatabase> CreateAsync(string postgres, Action<string> progress)
    {
        string? started = null;
        string? script = null;
        var server = postgres != "auto" ? postgres : Environment.GetEnvironmentVariable("PRESENCE_TEST_POSTGRES");
        if (server is null)
        {
            script = FindScript() ?? throw new InvalidOperationException("--silos above 1 needs PostgreSQL: give --postgres CONNECTION, or run from the repository so that deploy/postgres/test-server.sh can start one.");
            var exports = await RunAsync("bash", script, "start");
            server = Export(exports, "PRESENCE_TEST_POSTGRES");
            started = Export(exports, "PRESENCE_TEST_POSTGRES_DIR");
            progress($"started a throwaway PostgreSQL ({started})");
        }

        var name = $"loadtest_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new LoadTestDatabase(server, name, started, script);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_startedServerDirectory is not null)
        {
            await RunAsync("bash", _script!, "stop", _startedServerDirectory);
            return;
        }

        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string? FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "deploy", "postgres", "test-server.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        var fromWorkingDirectory = Path.Combine(Environment.CurrentDirectory, "deploy", "postgres", "test-server.sh");
        return File.Exists(fromWorkingDirectory) ? fromWorkingDirectory : null;
    }

    private static string Export(string exports, string name) =>
        exports.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith($"export {name}=", StringComparison.Ordinal)) is { } line
            ? line[$"export {name}=".Length..].Trim('\'')
            : throw new InvalidOperationException($"test-server.sh did not export {name}: {exports}");

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await error}");
    }
}
