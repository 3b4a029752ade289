using PresenceCluster.Client;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Infrastructure;

public static class SubscriptionExtensions
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Waits for the next change (a barrier: fails after a generous timeout, never sleeps).</summary>
    public static async Task<PresenceView> NextChangeAsync(this PresenceSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await subscription.ReadChangeAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No presence change arrived within {Patience}.");
        }
    }
}
