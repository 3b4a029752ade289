using Orleans.Concurrency;

namespace PresenceCluster.OAuth;

/// <summary>The writer of one silo's <see cref="OAuthDirectory"/>, keyed by that silo's address and placed on it.</summary>
[Alias("PresenceCluster.IOAuthDirectoryReplicaGrain")]
public interface IOAuthDirectoryReplicaGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="record"/> in this silo's directory; returns once validation there uses it.</summary>
    [AlwaysInterleave, Alias("Apply")]
    Task ApplyAsync(Immutable<OAuthRegistryRecord> record);
}
