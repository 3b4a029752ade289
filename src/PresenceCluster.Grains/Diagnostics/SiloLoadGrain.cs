using PresenceCluster.Grains;
using PresenceCluster.Query;

namespace PresenceCluster.Diagnostics;

/// <summary>Reports the load of the silo it is placed on; see <see cref="SiloAddressedPlacement"/>.</summary>
[SiloAddressedPlacement]
internal sealed class SiloLoadGrain(ILocalSiloDetails silo, PresenceReadIndex index, PresenceMetrics metrics, SiloMessageCounter messages) : Grain, ISiloLoadGrain
{
    async Task<SiloLoad> ISiloLoadGrain.GetLoadAsync(bool collectGarbage)
    {
        var memory = await SiloMemoryProbe.MeasureAsync(GrainFactory, silo.SiloAddress, collectGarbage);
        var (publications, batchQueries, indexUpdates, ownerRequests, entryChanges) = metrics.Totals;
        return new SiloLoad
        {
            Silo = silo.SiloAddress.ToParsableString(),
            ManagedHeapBytes = memory.ManagedHeapBytes,
            WorkingSetBytes = memory.WorkingSetBytes,
            IndexEntries = index.Count,
            Publications = publications,
            BatchQueries = batchQueries,
            IndexUpdates = indexUpdates,
            OwnerRequests = ownerRequests,
            MessagesSent = messages.Sent,
            ActiveGrains = memory.ActiveGrains,
            EntryChanges = entryChanges,
            GcPauseTotal = GC.GetTotalPauseDuration(),
            Gen2Collections = GC.CollectionCount(2),
            Collections = GC.CollectionCount(0),
        };
    }
}
