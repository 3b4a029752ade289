using System.Diagnostics;
using PresenceCluster.Grains;
using PresenceCluster.Query;

namespace PresenceCluster.Diagnostics;

/// <summary>Reports the load of the silo it is placed on; see <see cref="SiloAddressedPlacement"/>.</summary>
[SiloAddressedPlacement]
internal sealed class SiloLoadGrain(ILocalSiloDetails silo, PresenceReadIndex index, PresenceMetrics metrics, SiloMessageCounter messages) : Grain, ISiloLoadGrain
{
    async Task<SiloLoad> ISiloLoadGrain.GetLoadAsync(bool collectGarbage)
    {
        var statistics = await GrainFactory.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo.SiloAddress]);
        if (collectGarbage)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        var (publications, batchQueries, indexUpdates, ownerRequests, entryChanges) = metrics.Totals;
        return new SiloLoad
        {
            Silo = silo.SiloAddress.ToParsableString(),
            ManagedHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
            WorkingSetBytes = process.WorkingSet64,
            IndexEntries = index.Count,
            Publications = publications,
            BatchQueries = batchQueries,
            IndexUpdates = indexUpdates,
            OwnerRequests = ownerRequests,
            MessagesSent = messages.Sent,
            ActiveGrains = statistics.Sum(s => s.ActivationCount),
            EntryChanges = entryChanges,
            GcPauseTotal = GC.GetTotalPauseDuration(),
            Gen2Collections = GC.CollectionCount(2),
            Collections = GC.CollectionCount(0),
        };
    }
}
