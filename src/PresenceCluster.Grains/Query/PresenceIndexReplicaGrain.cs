using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using PresenceCluster.Presence;

namespace PresenceCluster.Query;

/// <summary>Writes entries into the index of the silo it runs on; see <see cref="SiloAddressedPlacement"/>.</summary>
[SiloAddressedPlacement]
[Reentrant]
internal sealed class PresenceIndexReplicaGrain(
    PresenceReadIndex index,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
    : Grain, IPresenceIndexReplicaGrain
{
    Task IPresenceIndexReplicaGrain.ApplyAsync(Immutable<PresenceIndexEntry> entry)
    {
        index.Apply(entry.Value, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
