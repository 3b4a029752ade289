using System.Threading.Channels;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.Client;

/// <summary>
/// A live subscription to the presence of several users, as one watcher may see it. It yields every change in
/// order per user (older sequence numbers are dropped), renews itself, and resubscribes after a reconnect.
/// Dispose it to end the subscription.
/// </summary>
public sealed class PresenceSubscription : IAsyncDisposable
{
    private readonly IPresenceQueryGrain _query;
    private readonly IClusterClient _client;
    private readonly ClusterConnectionMonitor? _monitor;
    private readonly string[] _targets;
    private readonly Observer _observer;
    private readonly IPresenceObserver _reference;
    private readonly Dictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private readonly Channel<PresenceView> _changes = Channel.CreateUnbounded<PresenceView>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _renewal = Task.CompletedTask;

    private PresenceSubscription(IClusterClient client, ClusterConnectionMonitor? monitor, SipUri watcher, string[] targets)
    {
        _client = client;
        _monitor = monitor;
        _query = client.GetGrain<IPresenceQueryGrain>(0);
        Watcher = watcher;
        _targets = targets;
        _observer = new Observer(this);
        _reference = client.CreateObjectReference<IPresenceObserver>(_observer);
    }

    /// <summary>Raised for every change, in order per user, before it is queued for <see cref="ReadChangesAsync"/>.</summary>
    public event Action<PresenceView>? Changed;

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
        ClusterConnectionMonitor? monitor,
        SipUri watcher,
        string[] targets,
        TimeSpan renewalInterval,
        CancellationToken cancellationToken)
    {
        var subscription = new PresenceSubscription(client, monitor, watcher, targets);
        try
        {
            var views = await subscription._query.SubscribeAsync(watcher.Value, targets, subscription._reference).WaitAsync(cancellationToken);
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

        if (monitor is not null)
        {
            monitor.Reconnected += subscription.OnReconnected;
        }

        subscription._renewal = subscription.RenewPeriodicallyAsync(renewalInterval);
        return subscription;
    }

    /// <summary>Renews the subscription now; views that changed meanwhile are delivered as changes.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken = default)
    {
        var views = await _query.SubscribeAsync(Watcher.Value, _targets, _reference).WaitAsync(cancellationToken);
        foreach (var view in views)
        {
            Deliver(view);
        }
    }

    /// <summary>Ends the subscription on the cluster and completes <see cref="ReadChangesAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_monitor is not null)
        {
            _monitor.Reconnected -= OnReconnected;
        }

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

    private void OnReconnected() => _ = RenewQuietlyAsync();

    private async Task RenewPeriodicallyAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await RenewQuietlyAsync();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RenewQuietlyAsync()
    {
        try
        {
            await RenewAsync(_stopping.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The cluster is unreachable or a silo is failing over: the next renewal (or the reconnect) tries again.
        }
    }

    private sealed class Observer(PresenceSubscription subscription) : IPresenceObserver
    {
        public Task OnPresenceChangedAsync(string watcher, PresenceView view)
        {
            if (string.Equals(watcher, subscription.Watcher.Value, StringComparison.Ordinal))
            {
                subscription.Deliver(view);
            }

            return Task.CompletedTask;
        }
    }
}
