using Orleans.Concurrency;

namespace PresenceCluster.Query;

/// <summary>
/// The writer of one silo's <see cref="PresenceReadIndex"/>, keyed by that silo's address
/// (<c>SiloAddress.ToParsableString()</c>) and placed on it.
/// </summary>
[Alias("PresenceCluster.IPresenceIndexReplicaGrain")]
public interface IPresenceIndexReplicaGrain : IGrainWithStringKey
{
    /// <summary>Stores an entry in this silo's index; returns once it is readable there.</summary>
    [AlwaysInterleave, Alias("Apply")]
    Task ApplyAsync(Immutable<PresenceIndexEntry> entry);
}
