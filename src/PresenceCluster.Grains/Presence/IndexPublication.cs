using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PresenceCluster.Query;

namespace PresenceCluster.Presence;

/// <summary>
/// Hands a presence entry to every active silo's read index and waits, for a bounded time, until they hold it: a
/// write acknowledged after this is seen by a query on any silo.
/// </summary>
internal sealed partial class IndexPublication(IGrainFactory grains, IClusterMembershipService membership, ILogger logger)
{
    /// <summary>How long a write waits for the silos' indexes before it is acknowledged anyway.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task PublishAsync(PresenceIndexEntry entry)
    {
        var message = new Immutable<PresenceIndexEntry>(entry);
        var deliveries = new List<Task>();
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active)
            {
                deliveries.Add(grains.GetGrain<IPresenceIndexReplicaGrain>(member.SiloAddress.ToParsableString()).ApplyAsync(message));
            }
        }

        try
        {
            // A silo that is failing must not hold writes up for the whole response timeout: its index entries
            // lapse by themselves (IndexEntryMaxAge), and the membership protocol will soon drop it.
            await Task.WhenAll(deliveries).WaitAsync(Timeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException)
        {
            LogIndexPublicationFailed(logger, exception, entry.Sequence);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not every silo's read index confirmed presence sequence {Sequence} in time; those silos serve it once their entry lapses.")]
    private static partial void LogIndexPublicationFailed(ILogger logger, Exception exception, long sequence);
}
