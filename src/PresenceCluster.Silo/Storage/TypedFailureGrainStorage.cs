using Orleans.Storage;
using PresenceCluster.Errors;

namespace PresenceCluster.Silo.Storage;

/// <summary>
/// The grain-storage provider with its failures typed: a version conflict (<see cref="InconsistentStateException"/>)
/// passes unchanged, so that the runtime deactivates the stale activation; any other failure of the database reaches
/// the caller as <see cref="StorageUnavailableException"/>, which the SDK retries. A driver's own exception (Npgsql's, SQLite's)
/// cannot travel to a client at all — the runtime has no codec for it — so a read failing while a grain activates
/// would otherwise reach the caller as a serialization error.
/// </summary>
internal sealed class TypedFailureGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TypedAsync(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TypedAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TypedAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>The provider's own start-up and shutdown (the ADO.NET provider takes part in the silo's lifecycle).</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private static async Task TypedAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is not (InconsistentStateException or StorageUnavailableException or OperationCanceledException))
        {
            throw StorageUnavailableException.Of(exception);
        }
    }
}
