using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PresenceCluster.Hosting;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>A switch shared by every silo of an in-process cluster: while <see cref="FailWrites"/> is set, grain-state writes fail.</summary>
public sealed class StorageFaults
{
    private volatile bool _failWrites;
    private int _refusedWrites;

    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    /// <summary>How many writes were refused.</summary>
    public int RefusedWrites => Volatile.Read(ref _refusedWrites);

    /// <summary>Counts a refused write.</summary>
    public void CountRefusal() => Interlocked.Increment(ref _refusedWrites);
}

/// <summary>
/// The cluster's real grain storage with a fault switch in front: reads always pass, writes and clears fail on demand
/// the way a lost database connection fails them (an exception, nothing stored).
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Refused(stateName) ?? inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Refused(stateName) ?? inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private Task? Refused(string stateName)
    {
        if (!faults.FailWrites)
        {
            return null;
        }

        faults.CountRefusal();
        return Task.FromException(new OrleansException($"Injected storage fault: the write of '{stateName}' was refused."));
    }
}

/// <summary>Puts <see cref="FaultyGrainStorage"/> in front of the cluster's grain storage.</summary>
public static class FaultyGrainStorageExtensions
{
    public static ISiloBuilder AddStorageFaults(this ISiloBuilder silo, StorageFaults faults)
    {
        var real = silo.Services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, StorageNames.Provider));
        silo.Services.Remove(real);
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider, (services, key) =>
            new FaultyGrainStorage((IGrainStorage)real.KeyedImplementationFactory!(services, key), faults));
        return silo;
    }
}
