using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using PresenceCluster.Auth;

namespace PresenceCluster.Silo.Storage;

/// <summary>
/// Grain storage in one SQLite file, for a silo on one machine. Rows are keyed by service, state name and grain id;
/// an ETag (a row version) makes a write from a stale activation fail with <see cref="InconsistentStateException"/>
/// instead of overwriting. The database runs in WAL mode with full sync, so an acknowledged write survives a crash.
/// </summary>
public sealed partial class SqliteGrainStorage(
    string name,
    string serviceId,
    SqliteGrainStorageOptions options,
    ILogger<SqliteGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private DatabaseFileLock? _lock;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = (int)options.BusyTimeout.TotalSeconds,
    }.ToString();

    private readonly string _synchronous = string.Equals(options.Synchronous, "Normal", StringComparison.OrdinalIgnoreCase) ? "NORMAL" : "FULL";

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, InitializeAsync, _ =>
        {
            Dispose();
            return Task.CompletedTask;
        });

    /// <summary>Lets another process use the database.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>
    /// Creates the directory (0700), the database (0600: it holds the OAuth registry's private key) and its table if
    /// missing; refuses a database other users can read.
    /// </summary>
    /// <exception cref="KeyMaterialException">The database file is readable by other users.</exception>
    /// <exception cref="DatabaseInUseException">Another silo process uses the database.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
        _lock ??= DatabaseFileLock.Acquire(options.DatabasePath);
        if (File.Exists(options.DatabasePath))
        {
            PrivateFiles.ThrowIfReadableByOthers(options.DatabasePath, "The SQLite database");
        }
        else
        {
            // Created empty with mode 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
            try
            {
                PrivateFiles.WriteNew(options.DatabasePath, []);
            }
            catch (IOException) when (File.Exists(options.DatabasePath))
            {
                // Another silo of this machine created it at the same moment.
            }
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                service_id TEXT NOT NULL,
                state_name TEXT NOT NULL,
                grain_id   TEXT NOT NULL,
                etag       INTEGER NOT NULL,
                payload    BLOB NOT NULL,
                PRIMARY KEY (service_id, state_name, grain_id)
            ) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        LogInitialized(logger, name, options.DatabasePath);
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE service_id = $service AND state_name = $state AND grain_id = $grain";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var etag = reader.GetInt64(0);
            var payload = (byte[])reader.GetValue(1);
            grainState.State = options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload));
            grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$payload", payload);
        long nextEtag;
        if (grainState.ETag is null)
        {
            nextEtag = 1;
            command.CommandText = """
                INSERT INTO grain_state (service_id, state_name, grain_id, etag, payload)
                VALUES ($service, $state, $grain, 1, $payload)
                ON CONFLICT DO NOTHING
                """;
        }
        else
        {
            var etag = ParseEtag(grainState.ETag);
            nextEtag = etag + 1;
            command.CommandText = """
                UPDATE grain_state SET etag = etag + 1, payload = $payload
                WHERE service_id = $service AND state_name = $state AND grain_id = $grain AND etag = $etag
                """;
            command.Parameters.AddWithValue("$etag", etag);
        }

        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw Conflict("write", stateName, grainId, grainState.ETag);
        }

        grainState.ETag = nextEtag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE service_id = $service AND state_name = $state AND grain_id = $grain AND etag = $etag";
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$etag", ParseEtag(grainState.ETag));
            if (await command.ExecuteNonQueryAsync() != 1)
            {
                throw Conflict("clear", stateName, grainId, grainState.ETag);
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();

        // Per connection: wait for other writers rather than fail, and sync commits as configured.
        pragma.CommandText = $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {_synchronous};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InconsistentStateException($"The ETag '{etag}' was not issued by the SQLite grain storage.");

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"Version conflict on {operation}: storage '{name}', state '{stateName}', grain '{grainId}' no longer has ETag '{etag ?? "(none)"}'; another activation changed it.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name} uses the SQLite database {Path}.")]
    private static partial void LogInitialized(ILogger logger, string name, string path);
}
