using Orleans.Concurrency;

namespace PresenceCluster.Query;

/// <summary>Writes entries into the index of the silo it runs on; see <see cref="SiloAddressedPlacement"/>.</summary>
[SiloAddressedPlacement]
[Reentrant]
internal sealed class PresenceIndexReplicaGrain(PresenceReadIndex index) : Grain, IPresenceIndexReplicaGrain
{
    Task IPresenceIndexReplicaGrain.ApplyAsync(Immutable<PresenceIndexEntry> entry)
    {
        index.Apply(entry.Value);
        return Task.CompletedTask;
    }
}
