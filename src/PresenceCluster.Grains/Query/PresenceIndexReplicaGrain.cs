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
    OfflinePresenceReader offline,
    LocalPresenceActivations activations,
    Diagnostics.PresenceMetrics metrics,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
    : Grain, IPresenceIndexReplicaGrain
{
    Task IPresenceIndexReplicaGrain.ApplyAsync(Immutable<PresenceIndexEntry> entry)
    {
        index.ApplyLive(entry.Value, time.GetUtcNow());
        metrics.IndexUpdated();
        return Task.CompletedTask;
    }

    Task IPresenceIndexReplicaGrain.RetireAsync(Immutable<PresenceIndexEntry> entry)
    {
        index.Retire(entry.Value, time.GetUtcNow());
        metrics.IndexUpdated();
        return Task.CompletedTask;
    }

    async Task<Immutable<PresenceIndexEntry[]>> IPresenceIndexReplicaGrain.FindAsync(Immutable<string[]> targets) =>
        new(await IndexLookup.FindAsync(index, ownership, offline, activations, GrainFactory, targets.Value, time));
}
