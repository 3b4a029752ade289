namespace PresenceCluster.Presence;

/// <summary>Asks presence grains to move to other silos (<see cref="IPresenceMaintenanceGrain.MoveToAsync"/>), many at once.</summary>
internal static class PresenceMoves
{
    private const int ConcurrentRequests = 64;

    /// <summary>
    /// Asks each grain of <paramref name="moves"/> to move to its target. A grain that cannot be asked (its silo
    /// leaving, the call timing out) stays where it is: the caller's fallback applies to it.
    /// </summary>
    public static Task MoveAsync(IGrainFactory grains, IEnumerable<(string Key, SiloAddress Target)> moves, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(moves, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentRequests, CancellationToken = cancellationToken }, async (move, token) =>
        {
            try
            {
                await grains.GetGrain<IPresenceMaintenanceGrain>(move.Key).MoveToAsync(move.Target).WaitAsync(token);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                // It stays.
            }
        });
}
