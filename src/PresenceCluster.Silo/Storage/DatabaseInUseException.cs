namespace PresenceCluster.Silo.Storage;

/// <summary>The SQLite database is held by another silo process; the message says what to do instead.</summary>
public sealed class DatabaseInUseException : InvalidOperationException
{
    public DatabaseInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
