using System.Diagnostics;
using Orleans.Concurrency;
using PresenceCluster.Grains;

namespace PresenceCluster.Diagnostics;

/// <summary>Reports the memory of the silo it runs on.</summary>
[StatelessWorker(1)]
internal sealed class SiloDiagnosticsGrain(ILocalSiloDetails silo) : Grain, ISiloDiagnosticsGrain
{
    async Task<SiloMemory> ISiloDiagnosticsGrain.GetMemoryAsync()
    {
        // Every activation on this silo, by grain type. (IActivationWorkingSet counts only recently used ones, which
        // is why an earlier version reported far fewer activations than a large density run had made.)
        var statistics = await GrainFactory.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo.SiloAddress]);
        var activations = statistics.Sum(s => s.ActivationCount);

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return new SiloMemory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, activations);
    }
}
