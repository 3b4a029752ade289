using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using PresenceCluster.Presence;

namespace PresenceCluster.Query;

/// <summary>Writes entries into the index of the silo it runs on, and answers other silos' lookups of the users it owns; see <see cref="SiloAddressedPlacement"/>.</summary>
[SiloAddressedPlacement]
[Reentrant]
internal sealed class PresenceIndexReplicaGrain(
    PresenceReadIndex index,
    IndexOwnership ownership,
    Diagnostics.PresenceMetrics metrics,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
    : Grain, IPresenceIndexReplicaGrain
{
    Task IPresenceIndexReplicaGrain.ApplyAsync(Immutable<PresenceIndexEntry> entry)
    {
        index.Apply(entry.Value, time.GetUtcNow());
        metrics.IndexUpdated();
        return Task.CompletedTask;
    }

    async Task<Immutable<PresenceIndexEntry[]>> IPresenceIndexReplicaGrain.FindAsync(Immutable<string[]> targets) =>
        new(await IndexLookup.FindAsync(index, ownership, GrainFactory, targets.Value, time));
}
