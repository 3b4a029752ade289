using PresenceCluster.Grains;

namespace PresenceCluster.Client;

/// <summary>
/// Keeps a client's subscriptions true when the cluster changes under them. Subscriptions live in the memory of the
/// watched users' grains, so a silo that stops or dies takes the subscriptions its grains held with it. While the
/// client holds subscriptions, this asks its gateway every <see cref="PresenceClientOptions.SubscriptionCheckInterval"/>
/// which silos are active; when one that was active no longer is (it stopped, died, or restarted as a new silo), or
/// the gateway could not be asked, or the connection came back, every subscription is renewed at once — cheap,
/// idempotent, and it brings the latest view of every target. The first answer is taken before the first
/// subscription is made, so a silo lost right after it counts too.
/// </summary>
internal sealed class SubscriptionRepair : IAsyncDisposable
{
    private readonly IClusterStatusGrain _status;
    private readonly TimeSpan _interval;
    private readonly ClusterConnectionMonitor? _monitor;
    private readonly HashSet<PresenceSubscription> _subscriptions = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private HashSet<string>? _active;
    private bool _unreachable;
    private Task _loop = Task.CompletedTask;

    public SubscriptionRepair(IClusterClient client, ClusterConnectionMonitor? monitor, TimeSpan interval)
    {
        _status = client.GetGrain<IClusterStatusGrain>(0);
        _interval = interval;
        _monitor = monitor;
        if (monitor is not null)
        {
            monitor.Reconnected += RepairAll;
        }
    }

    /// <summary>Learns the active silos, once, before the first subscription is made.</summary>
    public async Task EnsureBaselineAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _active) is null)
        {
            var active = await _status.GetActiveSilosAsync().WaitAsync(cancellationToken);
            Interlocked.CompareExchange(ref _active, [.. active], null);
        }
    }

    public void Add(PresenceSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            if (_loop.IsCompleted && !_stopping.IsCancellationRequested)
            {
                _loop = WatchAsync();
            }
        }
    }

    public void Remove(PresenceSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_monitor is not null)
        {
            _monitor.Reconnected -= RepairAll;
        }

        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                lock (_gate)
                {
                    if (_subscriptions.Count == 0)
                    {
                        // Nothing to watch: the loop ends and starts again with the next subscription.
                        return;
                    }
                }

                await CheckAsync();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task CheckAsync()
    {
        string[] active;
        try
        {
            active = await _status.GetActiveSilosAsync().WaitAsync(_interval * 2, _stopping.Token);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            // The gateway cannot vouch for anything now: every subscription is stale until the next good answer.
            _unreachable = true;
            foreach (var subscription in Snapshot())
            {
                subscription.MarkStale();
            }

            return;
        }

        var known = _active;
        _active = [.. active];
        var recovered = _unreachable;
        _unreachable = false;
        if (recovered || known is null || known.Any(silo => !_active.Contains(silo)))
        {
            RepairAll();
        }
    }

    private void RepairAll()
    {
        foreach (var subscription in Snapshot())
        {
            subscription.Repair();
        }
    }

    private PresenceSubscription[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _subscriptions];
        }
    }
}
