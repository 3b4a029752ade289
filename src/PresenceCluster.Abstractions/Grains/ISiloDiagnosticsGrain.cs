using Orleans.Concurrency;

namespace PresenceCluster.Grains;

/// <summary>Memory figures of the silo that answers (a stateless worker: the client's gateway silo), for load tests.</summary>
[Alias("PresenceCluster.ISiloDiagnosticsGrain")]
public interface ISiloDiagnosticsGrain : IGrainWithIntegerKey
{
    /// <summary>Collects garbage fully, then reports the managed heap and the process working set.</summary>
    [Alias("GetMemory")]
    Task<SiloMemory> GetMemoryAsync();
}

/// <summary>A silo's memory at one instant.</summary>
/// <param name="ManagedHeapBytes">Bytes in use on the managed heap after a full collection.</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
/// <param name="ActiveGrains">Grain activations on the silo.</param>
[GenerateSerializer, Immutable, Alias("PresenceCluster.SiloMemory")]
public sealed record class SiloMemory(
    [property: Id(0)] long ManagedHeapBytes,
    [property: Id(1)] long WorkingSetBytes,
    [property: Id(2)] int ActiveGrains);
