using System.Diagnostics;
using Orleans.Concurrency;
using PresenceCluster.Grains;

namespace PresenceCluster.Diagnostics;

/// <summary>Reports the memory of the silo it runs on.</summary>
[StatelessWorker(1)]
internal sealed class SiloDiagnosticsGrain(IServiceProvider services) : Grain, ISiloDiagnosticsGrain
{
    Task<SiloMemory> ISiloDiagnosticsGrain.GetMemoryAsync()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var activations = services.GetService(typeof(Orleans.Runtime.IActivationWorkingSet)) is Orleans.Runtime.IActivationWorkingSet set ? set.Count : -1;
        return Task.FromResult(new SiloMemory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, activations));
    }
}
