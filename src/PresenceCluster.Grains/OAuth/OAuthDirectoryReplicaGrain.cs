using Orleans.Concurrency;
using PresenceCluster.Query;

namespace PresenceCluster.OAuth;

/// <summary>Writes the silo's <see cref="OAuthDirectory"/>; one per silo.</summary>
[SiloAddressedPlacement]
[Reentrant]
internal sealed class OAuthDirectoryReplicaGrain(OAuthDirectory directory) : Grain, IOAuthDirectoryReplicaGrain
{
    Task IOAuthDirectoryReplicaGrain.ApplyAsync(Immutable<OAuthRegistryRecord> record)
    {
        directory.Apply(record.Value);
        return Task.CompletedTask;
    }
}
