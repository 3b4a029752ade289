namespace PresenceCluster.Grains;

/// <summary>
/// What a client's gateway silo knows of the cluster's membership, for the SDK to notice silos leaving (a graceful
/// stop, a crash, a rolling restart) and repair the subscriptions whose grains they held.
/// </summary>
[Alias("PresenceCluster.IClusterStatusGrain")]
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The silos this silo sees as active members, by address (which includes the silo's start generation, so a
    /// silo that restarted is a different entry).
    /// </summary>
    [Alias("GetActiveSilos")]
    Task<string[]> GetActiveSilosAsync();
}
