using Orleans.Runtime.Messaging;

namespace PresenceCluster.Client;

/// <summary>
/// How the SDK sends a call: nothing is sent for a token already cancelled; a call the cluster could not take (a lost
/// gateway or silo, no answer in time) becomes a <see cref="ClusterUnavailableException"/>, after bounded retries
/// with back-off when the call is safe to repeat (reads, heartbeats).
/// </summary>
internal sealed class ClusterCalls(PresenceClientOptions options)
{
    /// <summary>Sends a call that is safe to repeat, retrying while the cluster is unavailable.</summary>
    public async Task<T> RetriedAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var delay = options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (Exception exception) when (IsUnavailable(exception))
            {
                if (attempt >= options.RetryAttempts)
                {
                    throw new ClusterUnavailableException(operation, attempt, exception);
                }
            }

            // Jittered, so that the clients of a failed silo do not come back in step.
            await Task.Delay(delay * (0.8 + (0.4 * Random.Shared.NextDouble())), cancellationToken);
            delay *= 2;
        }
    }

    /// <summary>Sends a call that is safe to repeat and returns nothing.</summary>
    public Task RetriedAsync(string operation, Func<Task> call, CancellationToken cancellationToken) =>
        RetriedAsync(operation, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>Sends a call once: a write that may not be safe to repeat; the caller decides.</summary>
    public static async Task<T> OnceAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw new ClusterUnavailableException(operation, 1, exception);
        }
    }

    /// <summary>Sends a call once that returns nothing.</summary>
    public static Task OnceAsync(string operation, Func<Task> call, CancellationToken cancellationToken) =>
        OnceAsync(operation, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>True for the failures that mean "the cluster could not take the call now", not "the call was refused".</summary>
    public static bool IsUnavailable(Exception exception) => exception is
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
        or TimeoutException or OrleansLifecycleCanceledException or Errors.StorageUnavailableException;
}
