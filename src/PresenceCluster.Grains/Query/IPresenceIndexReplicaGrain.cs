using Orleans.Concurrency;

namespace PresenceCluster.Query;

/// <summary>
/// The writer of one silo's <see cref="PresenceReadIndex"/>, keyed by that silo's address
/// (<c>SiloAddress.ToParsableString()</c>) and placed on it.
/// </summary>
[Alias("PresenceCluster.IPresenceIndexReplicaGrain")]
public interface IPresenceIndexReplicaGrain : IGrainWithStringKey
{
    /// <summary>Stores an entry a live presence grain published in this silo's index; returns once it is readable there.</summary>
    [AlwaysInterleave, Alias("Apply")]
    Task ApplyAsync(Immutable<PresenceIndexEntry> entry);

    /// <summary>Stores a deactivating presence grain's last entry: the user is answered from it (or from storage) without an activation.</summary>
    [AlwaysInterleave, Alias("Retire")]
    Task RetireAsync(Immutable<PresenceIndexEntry> entry);

    /// <summary>
    /// The entries of <paramref name="targets"/> (users this silo owns), in order: from this silo's index, the rest
    /// fetched from their presence grains and kept. One message for a whole batch from another silo.
    /// </summary>
    [AlwaysInterleave, Alias("Find")]
    Task<Immutable<PresenceIndexEntry[]>> FindAsync(Immutable<string[]> targets);
}
