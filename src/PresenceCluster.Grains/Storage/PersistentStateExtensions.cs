using Orleans.Storage;
using PresenceCluster.Errors;

namespace PresenceCluster.Storage;

/// <summary>Grain-state writes that leave the activation exactly as it was when storage refuses them.</summary>
internal static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the state and writes it. When the write fails the previous state is put back
    /// before the failure is thrown, so a refused change is neither served nor saved later by the next good write.
    /// A version conflict (<see cref="InconsistentStateException"/>) passes unchanged, so that the runtime deactivates
    /// the stale activation; any other failure of the store reaches the caller as
    /// <see cref="StorageUnavailableException"/>, because a database driver's exception (even wrapped) cannot be sent
    /// to a client: the runtime has no codec for it.
    /// </summary>
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            state.State = previous;
            throw;
        }
        catch (Exception exception)
        {
            state.State = previous;
            throw StorageUnavailableException.Of(exception);
        }
    }
}
