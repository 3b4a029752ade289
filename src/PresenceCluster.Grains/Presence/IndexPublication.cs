using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PresenceCluster.Query;

namespace PresenceCluster.Presence;

/// <summary>
/// Hands a presence entry to the read index of the silo that owns the user (<see cref="IndexPartition"/>; during a
/// membership change also the previous owner) and waits, for a bounded time, until it holds it: every silo's batch
/// query asks that owner, so a write acknowledged after this is seen by a query on any silo — and a write costs one
/// message however many silos there are.
/// </summary>
internal sealed partial class IndexPublication(IGrainFactory grains, IndexOwnership ownership, ILogger logger)
{
    /// <summary>How long a write waits for the silos' indexes before it is acknowledged anyway.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public Task PublishAsync(PresenceIndexEntry entry) => DeliverAsync(entry, retire: false);

    /// <summary>Hands a deactivating grain's last entry to the holders, which then answer the user without an activation.</summary>
    public Task RetireAsync(PresenceIndexEntry entry) => DeliverAsync(entry, retire: true);

    private async Task DeliverAsync(PresenceIndexEntry entry, bool retire)
    {
        var message = new Immutable<PresenceIndexEntry>(entry);
        var deliveries = new List<Task>(2);
        foreach (var silo in ownership.HoldersOf(entry.Target))
        {
            var replica = grains.GetGrain<IPresenceIndexReplicaGrain>(silo);
            deliveries.Add(retire ? replica.RetireAsync(message) : replica.ApplyAsync(message));
        }

        try
        {
            // A silo that is failing must not hold writes up for the whole response timeout: its index entries
            // lapse by themselves (IndexEntryMaxAge), and the membership protocol will soon drop it (and with it
            // its share of the users, which other silos then own).
            await Task.WhenAll(deliveries).WaitAsync(Timeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException)
        {
            LogIndexPublicationFailed(logger, exception, entry.Sequence);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The owner's read index did not confirm presence sequence {Sequence} in time; queries get it once the owner's copy lapses or is fetched again.")]
    private static partial void LogIndexPublicationFailed(ILogger logger, Exception exception, long sequence);
}
