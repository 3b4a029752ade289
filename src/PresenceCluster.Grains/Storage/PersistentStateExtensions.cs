namespace PresenceCluster.Storage;

/// <summary>Grain-state writes that leave the activation exactly as it was when storage refuses them.</summary>
internal static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the state and writes it. When the write fails the previous state is put back
    /// before the failure is thrown, so a refused change is neither served nor saved later by the next good write.
    /// </summary>
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
