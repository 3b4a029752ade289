using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;

namespace PresenceCluster.Presence;

/// <summary>
/// A silo's notifications to watchers, batched per observer (a client connection, an events stream, a webhook
/// subscription): the presence grains of the silo hand each changed view here, and every
/// <see cref="PresenceOptions.NotificationFlushInterval"/> one message per observer carries all its pending changes.
/// Backpressure instead of queues: an observer has at most one batch in flight, and while it is, its pending changes
/// hold one view per watcher and watched user — the latest. A watcher may skip intermediate states under load; it
/// always ends on the latest one. Once a minute the outboxes of observers that had nothing to send are dropped.
/// </summary>
public sealed partial class NotificationBatcher(IOptions<PresenceOptions> options, PresenceMetrics metrics, ILogger<NotificationBatcher> logger)
    : Hosting.SiloBackgroundLoop
{
    /// <summary>The most changes one message carries; more wait for the next message, sent at once.</summary>
    public const int MaxBatch = 1000;

    // Keyed by the observer reference itself: references to the same observer are equal (by grain id).
    private readonly ConcurrentDictionary<IPresenceObserver, Outbox> _outboxes = new();
    private readonly TimeSpan _flushInterval = options.Value.NotificationFlushInterval;

    /// <summary>Observers with an outbox (idle ones are dropped by <see cref="RemoveIdle"/>).</summary>
    public int Observers => _outboxes.Count;

    /// <summary>Queues each subscriber's changed view (a presence grain's changes for its watchers).</summary>
    public void Enqueue(IEnumerable<(SubscriberRegistry.Subscriber Subscriber, PresenceView View)> changes)
    {
        foreach (var (subscriber, view) in changes)
        {
            Enqueue(subscriber.Observer, subscriber.Watcher, view);
        }
    }

    /// <summary>Queues <paramref name="view"/> for <paramref name="watcher"/> through <paramref name="observer"/>, replacing an older pending view of the same user.</summary>
    public void Enqueue(IPresenceObserver observer, string watcher, PresenceView view)
    {
        while (true)
        {
            var outbox = _outboxes.GetOrAdd(observer, static target => new Outbox(target));
            bool start;
            lock (outbox)
            {
                if (outbox.Removed)
                {
                    // Dropped as idle between the lookup and the lock: a fresh one takes its place.
                    continue;
                }

                var key = (watcher, view.Target);
                if (!outbox.Pending.TryGetValue(key, out var pending) || pending.Sequence < view.Sequence)
                {
                    if (pending is not null)
                    {
                        metrics.NotificationCoalesced();
                    }

                    outbox.Pending[key] = view;
                }

                start = !outbox.Sending;
                outbox.Sending = true;
            }

            if (start)
            {
                _ = SendAsync(outbox);
            }

            return;
        }
    }

    /// <summary>Drops the outboxes of observers that had nothing to send since the last call; returns how many went.</summary>
    public int RemoveIdle()
    {
        var removed = 0;
        foreach (var (id, outbox) in _outboxes)
        {
            lock (outbox)
            {
                if (outbox.Sending || outbox.Pending.Count > 0 || !outbox.IdleSinceLastSweep)
                {
                    outbox.IdleSinceLastSweep = true;
                    continue;
                }

                outbox.Removed = true;
                _outboxes.TryRemove(KeyValuePair.Create(id, outbox));
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Sends the outbox's batches one at a time until nothing is pending.</summary>
    private async Task SendAsync(Outbox outbox)
    {
        while (true)
        {
            // Gathers what arrives within the interval into the same message.
            await Task.Delay(_flushInterval);
            PresenceChange[] batch;
            lock (outbox)
            {
                if (outbox.Pending.Count == 0)
                {
                    outbox.Sending = false;
                    return;
                }

                var taken = outbox.Pending.Take(MaxBatch).ToList();
                batch = [.. taken.Select(pair => new PresenceChange(pair.Key.Watcher, pair.Value))];
                foreach (var (key, _) in taken)
                {
                    outbox.Pending.Remove(key);
                }

                outbox.IdleSinceLastSweep = false;
            }

            try
            {
                await outbox.Observer.OnPresenceChangesAsync(batch);
                metrics.NotificationsSent(batch.Length);
            }
            catch (Exception exception)
            {
                // A connection gone or not answering: these views are lost to it, and its next renewal or query
                // brings the latest (the SDK repairs a subscription it cannot vouch for).
                metrics.NotificationsDropped(batch.Length);
                LogBatchDropped(logger, exception, batch.Length);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), TimeProvider.System, stopping);
            RemoveIdle();
        }
    }

    /// <summary>One observer's pending changes, keyed by watcher and watched user.</summary>
    private sealed class Outbox(IPresenceObserver observer)
    {
        public IPresenceObserver Observer { get; } = observer;

        public Dictionary<(string Watcher, string Target), PresenceView> Pending { get; } = [];

        public bool Sending { get; set; }

        public bool Removed { get; set; }

        public bool IdleSinceLastSweep { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} presence notifications could not be delivered to a watcher's connection; its next renewal or query brings the latest views")]
    private static partial void LogBatchDropped(ILogger logger, Exception exception, int count);
}
