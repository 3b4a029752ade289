namespace PresenceCluster.Errors;

/// <summary>
/// The cluster's store did not take a write (a lost database connection, a database restarting, a silo stopping):
/// nothing was changed, and the call may be retried. The message carries the store's own reason; the store's
/// exception itself stays in the silo's log, because the client cannot read every database driver's exception types.
/// </summary>
[GenerateSerializer, Alias("PresenceCluster.StorageUnavailableException")]
public sealed class StorageUnavailableException : PresenceClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What the store said.</param>
    public StorageUnavailableException(string reason)
        : base($"The cluster's store did not take the write ({reason}); nothing was changed and the call may be retried.")
    {
    }

    /// <summary>The exception a store's own failure becomes: its innermost cause's type and message as the reason.</summary>
    public static StorageUnavailableException Of(Exception failure)
    {
        var cause = failure.GetBaseException();
        return new StorageUnavailableException($"{cause.GetType().Name}: {cause.Message}");
    }
}
