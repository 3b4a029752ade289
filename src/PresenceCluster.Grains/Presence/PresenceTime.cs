namespace PresenceCluster.Presence;

/// <summary>
/// The key of the <see cref="TimeProvider"/> that drives presence time (idle decay, expiries, subscriptions).
/// </summary>
/// <remarks>
/// Orleans resolves the unkeyed <see cref="TimeProvider"/> for its own timers and membership, so a test that swaps
/// in a fake clock for presence must not stop the runtime's clock too; presence therefore asks for a keyed one.
/// </remarks>
public static class PresenceTime
{
    /// <summary>The service key.</summary>
    public const string ServiceKey = "PresenceCluster.Presence";
}
