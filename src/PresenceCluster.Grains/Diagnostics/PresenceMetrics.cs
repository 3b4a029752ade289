using System.Diagnostics.Metrics;
using PresenceCluster.Query;

namespace PresenceCluster.Diagnostics;

/// <summary>
/// The <c>PresenceCluster</c> meter: what the cluster does, per silo, beside Orleans' own meters. Exported by the
/// host (OpenTelemetry: Prometheus at <c>/metrics</c>, OTLP when configured).
/// </summary>
public sealed class PresenceMetrics
{
    /// <summary>The meter's name, to subscribe to it.</summary>
    public const string MeterName = "PresenceCluster";

    private readonly Counter<long> _publications;
    private readonly Counter<long> _batchQueries;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _notificationsSent;
    private readonly Counter<long> _notificationsDropped;
    private readonly Counter<long> _notificationBatches;
    private readonly Counter<long> _notificationsCoalesced;
    private readonly UpDownCounter<long> _subscriptions;
    private readonly Counter<long> _tokenRefusals;
    private readonly Counter<long> _metadataRefreshFailures;
    private readonly Counter<long> _indexUpdates;
    private readonly Counter<long> _ownerRequests;
    private readonly Counter<long> _offlineReads;
    private long _publicationsTotal;
    private long _offlineReadsTotal;
    private long _batchQueriesTotal;
    private long _indexUpdatesTotal;
    private long _ownerRequestsTotal;
    private long _entryChangesTotal;

    public PresenceMetrics(IMeterFactory meters, PresenceReadIndex index)
    {
        var meter = meters.Create(MeterName);
        _publications = meter.CreateCounter<long>("presence.publications", "{publication}", "Presence changes written by users and endpoints (state, note, endpoint, card, calendar).");
        _batchQueries = meter.CreateCounter<long>("presence.batch_queries", "{query}", "Batch presence queries answered.");
        _lookups = meter.CreateCounter<long>("presence.lookups", "{target}", "Targets answered by batch queries.");
        _notificationsSent = meter.CreateCounter<long>("presence.notifications.sent", "{notification}", "Presence changes pushed to watchers.");
        _notificationsDropped = meter.CreateCounter<long>("presence.notifications.dropped", "{notification}", "Presence changes that could not be delivered to a watcher's connection.");
        _notificationBatches = meter.CreateCounter<long>("presence.notifications.batches", "{message}", "Notification messages sent to watchers' connections (each carries many changes).");
        _notificationsCoalesced = meter.CreateCounter<long>("presence.notifications.coalesced", "{notification}", "Pending views replaced by a newer view of the same user before they were sent (under load).");
        _subscriptions = meter.CreateUpDownCounter<long>("presence.subscriptions", "{subscription}", "Subscriptions held by the presence grains of this silo.");
        _tokenRefusals = meter.CreateCounter<long>("oauth.token_refusals", "{token}", "Server-to-server tokens refused, by numbered reason.");
        _metadataRefreshFailures = meter.CreateCounter<long>("oauth.metadata_refresh_failures", "{refresh}", "Partner metadata documents that could not be fetched again.");
        meter.CreateObservableGauge("presence.read_index.entries", () => index.Count, "{entry}", "Entries in this silo's read index (its share of the users).");
        _indexUpdates = meter.CreateCounter<long>("presence.read_index.updates", "{entry}", "Entries presence grains pushed into this silo's read index (one per publication, to the user's owner).");
        _ownerRequests = meter.CreateCounter<long>("presence.read_index.owner_requests", "{request}", "Batch lookups this silo's queries sent to the silos owning their targets (at most one per other silo per batch query).");
        _offlineReads = meter.CreateCounter<long>("presence.read_index.offline_reads", "{read}", "Users answered from storage because their presence grain was not active (no activation).");
    }

    /// <summary>
    /// Publications, batch queries, index updates received, owner requests sent and entry changes (new views, from
    /// publications and from decay or calendar steps alike) since the silo started (for <c>ISiloLoadGrain</c>).
    /// </summary>
    public (long Publications, long BatchQueries, long IndexUpdates, long OwnerRequests, long EntryChanges) Totals =>
        (Interlocked.Read(ref _publicationsTotal), Interlocked.Read(ref _batchQueriesTotal), Interlocked.Read(ref _indexUpdatesTotal),
         Interlocked.Read(ref _ownerRequestsTotal), Interlocked.Read(ref _entryChangesTotal));

    /// <summary>Counts a presence grain's new entry (a new sequence number: some audience's view changed).</summary>
    public void EntryChanged() => Interlocked.Increment(ref _entryChangesTotal);

    public void Published()
    {
        _publications.Add(1);
        Interlocked.Increment(ref _publicationsTotal);
    }

    public void Queried(int targets)
    {
        _batchQueries.Add(1);
        _lookups.Add(targets);
        Interlocked.Increment(ref _batchQueriesTotal);
    }

    /// <summary>Counts notifications delivered in one batch.</summary>
    public void NotificationsSent(int count)
    {
        _notificationsSent.Add(count);
        _notificationBatches.Add(1);
    }

    /// <summary>Counts a pending view replaced by a newer one of the same user before it was sent.</summary>
    public void NotificationCoalesced() => _notificationsCoalesced.Add(1);

    /// <summary>Counts an entry pushed into this silo's index.</summary>
    public void IndexUpdated()
    {
        _indexUpdates.Add(1);
        Interlocked.Increment(ref _indexUpdatesTotal);
    }

    /// <summary>Counts one batch lookup sent to another silo's index.</summary>
    /// <summary>Counts an answer for a user whose presence grain was not active, read from storage instead of activating it.</summary>
    public void ReadOffline()
    {
        _offlineReads.Add(1);
        Interlocked.Increment(ref _offlineReadsTotal);
    }

    /// <summary>Answers read from storage for users not active, in this silo's life.</summary>
    public long OfflineReads => Interlocked.Read(ref _offlineReadsTotal);

    public void AskedOwner()
    {
        _ownerRequests.Add(1);
        Interlocked.Increment(ref _ownerRequestsTotal);
    }

    /// <summary>Counts notifications of a batch that could not be delivered.</summary>
    public void NotificationsDropped(int count) => _notificationsDropped.Add(count);

    public void SubscriptionsChanged(int delta)
    {
        if (delta != 0)
        {
            _subscriptions.Add(delta);
        }
    }

    /// <summary>Counts a refused token under its reason's number and name (no personal data).</summary>
    public void TokenRefused(int reasonCode, string reason) =>
        _tokenRefusals.Add(1, new KeyValuePair<string, object?>("reason", $"{reasonCode} {reason}"));

    public void MetadataRefreshFailed() => _metadataRefreshFailures.Add(1);
}
