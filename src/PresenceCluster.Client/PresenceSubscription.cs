using System.Threading.Channels;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.Client;

/// <summary>
/// A live subscription to the presence of several users, as one watcher may see it. It yields the changes in order
/// per user (older sequence numbers are dropped) — every one at ordinary rates; under load the silo sends the latest
/// view of a user rather than each intermediate one, so the watcher may skip a state but never ends on an old one.
/// It renews itself, and repairs itself when the cluster changes:
/// after a reconnect, and within a few seconds of a silo leaving (its grains held part of the subscription). A
/// repair brings the latest view of every target, so the watcher always ends on the latest state even if a change
/// happened while the subscription was broken. While the SDK cannot vouch for it, <see cref="IsStale"/> is true.
/// Dispose it to end the subscription.
/// </summary>
public sealed class PresenceSubscription : IAsyncDisposable
{
    private readonly IPresenceQueryGrain _query;
    private readonly IClusterClient _client;
    private readonly SubscriptionRepair _repair;
    private readonly ClusterCalls _calls;
    private readonly string[] _targets;
    private readonly Observer _observer;
    private readonly IPresenceObserver _reference;
    private readonly Dictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private readonly Channel<PresenceView> _changes = Channel.CreateUnbounded<PresenceView>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _renewal = Task.CompletedTask;
    private int _repairing;
    private bool _stale;

    private PresenceSubscription(IClusterClient client, SubscriptionRepair repair, ClusterCalls calls, SipUri watcher, string[] targets)
    {
        _client = client;
        _repair = repair;
        _calls = calls;
        _query = client.GetGrain<IPresenceQueryGrain>(0);
        Watcher = watcher;
        _targets = targets;
        _observer = new Observer(this);
        _reference = client.CreateObjectReference<IPresenceObserver>(_observer);
    }

    /// <summary>Raised for each change received, in order per user, before it is queued for <see cref="ReadChangesAsync"/>.</summary>
    public event Action<PresenceView>? Changed;

    /// <summary>
    /// Raised with true when the SDK can no longer vouch for the subscription (the cluster is unreachable, or a silo
    /// holding some of its targets left and the repair has not succeeded yet), and with false once it is repaired.
    /// </summary>
    public event Action<bool>? StaleChanged;

    /// <summary>True while changes may be missing (see <see cref="StaleChanged"/>); the repair ends it with the latest views.</summary>
    public bool IsStale
    {
        get
        {
            lock (_gate)
            {
                return _stale;
            }
        }
    }

    /// <summary>The watcher on whose behalf the subscription sees.</summary>
    public SipUri Watcher { get; }

    /// <summary>The views when the subscription started, in the order the targets were given.</summary>
    public IReadOnlyList<PresenceView> InitialViews { get; private set; } = [];

    /// <summary>The sequence number of the latest view received of each target, by target URI.</summary>
    public IReadOnlyDictionary<string, long> LatestSequences
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_lastSequence, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The changes after <see cref="InitialViews"/>, as they arrive, until the subscription is disposed.</summary>
    public IAsyncEnumerable<PresenceView> ReadChangesAsync(CancellationToken cancellationToken = default) =>
        _changes.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Waits for the next change after <see cref="InitialViews"/> and the changes already read.</summary>
    /// <exception cref="ChannelClosedException">The subscription was disposed.</exception>
    public ValueTask<PresenceView> ReadChangeAsync(CancellationToken cancellationToken = default) =>
        _changes.Reader.ReadAsync(cancellationToken);

    internal static async Task<PresenceSubscription> StartAsync(
        IClusterClient client,
        SubscriptionRepair repair,
        ClusterCalls calls,
        SipUri watcher,
        string[] targets,
        TimeSpan renewalInterval,
        CancellationToken cancellationToken)
    {
        var subscription = new PresenceSubscription(client, repair, calls, watcher, targets);
        try
        {
            await calls.RetriedAsync("learn the cluster's silos", () => repair.EnsureBaselineAsync(cancellationToken), cancellationToken);
            var views = await calls.RetriedAsync("subscribe", () => subscription._query.SubscribeAsync(watcher.Value, targets, subscription._reference), cancellationToken);
            lock (subscription._gate)
            {
                foreach (var view in views)
                {
                    subscription._lastSequence[view.Target] = Math.Max(subscription._lastSequence.GetValueOrDefault(view.Target), view.Sequence);
                }
            }

            subscription.InitialViews = views;
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }

        repair.Add(subscription);
        subscription._renewal = subscription.RenewPeriodicallyAsync(renewalInterval);
        return subscription;
    }

    /// <summary>Renews the subscription now; views that changed meanwhile are delivered as changes.</summary>
    /// <exception cref="ClusterUnavailableException">The cluster could not be reached (after retries).</exception>
    public async Task RenewAsync(CancellationToken cancellationToken = default)
    {
        var views = await _calls.RetriedAsync("renew a subscription", () => _query.SubscribeAsync(Watcher.Value, _targets, _reference), cancellationToken);
        foreach (var view in views)
        {
            Deliver(view);
        }

        SetStale(false);
    }

    /// <summary>Ends the subscription on the cluster and completes <see cref="ReadChangesAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _repair.Remove(this);

        await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _query.UnsubscribeAsync(Watcher.Value, _targets, _reference).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Leaving is best effort: a subscription that cannot be ended now lapses at its lifetime.
        }

        _client.DeleteObjectReference<IPresenceObserver>(_reference);
        _changes.Writer.TryComplete();
        _stopping.Dispose();
    }

    private void Deliver(PresenceView view)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested
                || (_lastSequence.TryGetValue(view.Target, out var last) && view.Sequence <= last))
            {
                return;
            }

            _lastSequence[view.Target] = view.Sequence;
            Changed?.Invoke(view);
            _changes.Writer.TryWrite(view);
        }
    }

    /// <summary>The SDK can no longer vouch for the subscription; a repair follows.</summary>
    internal void MarkStale() => SetStale(true);

    /// <summary>Renews until it succeeds (or the subscription ends), stale meanwhile; one repair at a time.</summary>
    internal void Repair()
    {
        SetStale(true);
        if (Interlocked.Exchange(ref _repairing, 1) == 0)
        {
            _ = RepairAsync();
        }
    }

    private async Task RepairAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await RenewAsync(_stopping.Token);
                    return;
                }
                catch (Exception exception) when (exception is ClusterUnavailableException or OrleansException)
                {
                    // Still failing over: the renewal's own retries have waited; try again.
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _repairing, 0);
        }
    }

    private void SetStale(bool stale)
    {
        lock (_gate)
        {
            if (_stale == stale || (_stopping.IsCancellationRequested && stale))
            {
                return;
            }

            _stale = stale;
            StaleChanged?.Invoke(stale);
        }
    }

    private async Task RenewPeriodicallyAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await RenewAsync(_stopping.Token);
                }
                catch (Exception exception) when (exception is ClusterUnavailableException or OrleansException)
                {
                    // Unreachable now: the repair keeps trying until it is not.
                    Repair();
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private sealed class Observer(PresenceSubscription subscription) : IPresenceObserver
    {
        public Task OnPresenceChangesAsync(PresenceChange[] changes)
        {
            foreach (var change in changes)
            {
                if (string.Equals(change.Watcher, subscription.Watcher.Value, StringComparison.Ordinal))
                {
                    subscription.Deliver(change.View);
                }
            }

            return Task.CompletedTask;
        }
    }
}
