using Orleans.Concurrency;
using PresenceCluster.Grains;

namespace PresenceCluster.Diagnostics;

/// <summary>Reports the memory of the silo it runs on.</summary>
[StatelessWorker(1)]
internal sealed class SiloDiagnosticsGrain(ILocalSiloDetails silo) : Grain, ISiloDiagnosticsGrain
{
    Task<SiloMemory> ISiloDiagnosticsGrain.GetMemoryAsync() => SiloMemoryProbe.MeasureAsync(GrainFactory, silo.SiloAddress, collectGarbage: true);
}
