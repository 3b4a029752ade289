namespace PresenceCluster.Silo.Storage;

/// <summary>
/// Keeps one process at a time on a SQLite database: a lock file beside it, held open exclusively while the silo
/// runs. SQLite itself would let two silo processes share the file, each believing it is the whole cluster (two
/// one-silo clusters over one database); the lock makes the second one stop at start instead. Silos in one process
/// (the test clusters) share the lock.
/// </summary>
internal sealed class DatabaseFileLock : IDisposable
{
    private static readonly Dictionary<string, (FileStream Stream, int Holders)> Held = new(StringComparer.Ordinal);
    private readonly string _path;
    private bool _disposed;

    private DatabaseFileLock(string path) => _path = path;

    /// <summary>Takes the lock of <paramref name="databasePath"/>.</summary>
    /// <exception cref="DatabaseInUseException">Another process holds it.</exception>
    public static DatabaseFileLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        lock (Held)
        {
            if (Held.TryGetValue(path, out var held))
            {
                Held[path] = (held.Stream, held.Holders + 1);
                return new DatabaseFileLock(path);
            }

            Auth.PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, Options = FileOptions.DeleteOnClose };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = Auth.PrivateFiles.OwnerOnlyFileMode;
                }

                Held[path] = (new FileStream(path, options), 1);
                return new DatabaseFileLock(path);
            }
            catch (IOException exception) when (exception is not DirectoryNotFoundException and not PathTooLongException)
            {
                throw new DatabaseInUseException(
                    $"The SQLite database '{databasePath}' is in use by another silo process (it holds '{path}'). Give each silo its own "
                    + "Storage:Sqlite:DataDirectory, or run several silos as one cluster over PostgreSQL (Cluster:Provider=PostgreSql).",
                    exception);
            }
        }
    }

    public void Dispose()
    {
        lock (Held)
        {
            if (_disposed || !Held.TryGetValue(_path, out var held))
            {
                return;
            }

            _disposed = true;
            if (held.Holders > 1)
            {
                Held[_path] = (held.Stream, held.Holders - 1);
            }
            else
            {
                Held.Remove(_path);
                held.Stream.Dispose();
            }
        }
    }
}
