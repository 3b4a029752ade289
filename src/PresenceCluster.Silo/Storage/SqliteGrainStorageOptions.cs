using Orleans.Storage;

namespace PresenceCluster.Silo.Storage;

/// <summary>The embedded store: one SQLite file. Section <c>Storage:Sqlite</c> of the configuration.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage:Sqlite";

    /// <summary>The directory that holds the database file; created if missing. Relative paths start at the working directory. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The database file's name inside <see cref="DataDirectory"/>. Default <c>presence.db</c>.</summary>
    public string FileName { get; set; } = "presence.db";

    /// <summary>How long a write waits for another writer's lock before it fails (1 s–5 min). Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SQLite's <c>synchronous</c> setting: <c>Full</c> (default) syncs every commit, so an acknowledged write survives
    /// a power cut; <c>Normal</c> is much faster and still survives a process crash, but a power cut may lose the
    /// last commits (acceptable for load tests, not for production).
    /// </summary>
    public string Synchronous { get; set; } = "Full";

    /// <inheritdoc />
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
