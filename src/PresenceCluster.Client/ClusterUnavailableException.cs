namespace PresenceCluster.Client;

/// <summary>
/// The cluster could not be reached to complete a call: the gateway or the silo holding the user was lost, or did not
/// answer in time (for a few seconds after a silo fails, while the cluster notices). The call may be retried; a write
/// may or may not have been applied. Reads and heartbeats are already retried by the SDK before this is thrown.
/// </summary>
public sealed class ClusterUnavailableException : Exception
{
    /// <summary>Describes a call the cluster could not take.</summary>
    /// <param name="operation">What the call was doing.</param>
    /// <param name="attempts">How many times it was tried.</param>
    /// <param name="innerException">The last failure.</param>
    public ClusterUnavailableException(string operation, int attempts, Exception innerException)
        : base($"The cluster could not be reached to {operation} ({attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {innerException.GetType().Name}: {innerException.Message}). The call may be retried.", innerException)
    {
        Operation = operation;
        Attempts = attempts;
    }

    /// <summary>What the call was doing, for example "heartbeat an endpoint".</summary>
    public string Operation { get; }

    /// <summary>How many times the SDK tried.</summary>
    public int Attempts { get; }
}
