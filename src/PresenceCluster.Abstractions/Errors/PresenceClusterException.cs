namespace PresenceCluster.Errors;

/// <summary>
/// The base of every error PresenceCluster reports on purpose. A call that fails with one of these changed nothing.
/// </summary>
[GenerateSerializer, Alias("PresenceCluster.PresenceClusterException")]
public abstract class PresenceClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected PresenceClusterException(string message)
        : base(message)
    {
    }
}
