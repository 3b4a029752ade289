using System.Diagnostics;
using PresenceCluster.Grains;

namespace PresenceCluster.Diagnostics;

/// <summary>The memory of the silo this runs on, as the load tests read it: activations, managed heap, working set.</summary>
internal static class SiloMemoryProbe
{
    /// <summary>
    /// Measures now; with <paramref name="collectGarbage"/>, after a full compacting collection, so that the heap is
    /// what is alive rather than what happens not to be collected yet.
    /// </summary>
    public static async Task<SiloMemory> MeasureAsync(IGrainFactory grains, SiloAddress silo, bool collectGarbage)
    {
        // Every activation on this silo, by grain type. (IActivationWorkingSet counts only recently used ones, which
        // is why an earlier version reported far fewer activations than a large density run had made.)
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo]);
        if (collectGarbage)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        return new SiloMemory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, statistics.Sum(s => s.ActivationCount));
    }
}
