using System.Collections.Concurrent;
using PresenceCluster.Client;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// The full Lync 2013 model's users: online user <c>i</c> is <c>full{2i}</c>, and the odd users are provisioned but
/// never sign in. Each online user's contact list holds 40 users, half of them online, half offline; at sign-in the user
/// batch-subscribes to the whole list and then receives its notifications. Users sign out (endpoint removed,
/// subscription ended) and in again over the run: each once per 8-hour working day, at least one a second.
/// </summary>
public sealed class FullModelPopulation(PresenceClusterClient client) : IAsyncDisposable
{
    /// <summary>One sign-out and in again per user per working day.</summary>
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<int, PresenceSubscription> _subscriptions = new();
    private int _cleanupFailures;
    private long _notifications;
    private long _churned;

    /// <summary>Subscriptions held (one per online user, 40 targets each).</summary>
    public long Subscriptions => _subscriptions.Count;

    /// <summary>Notifications received so far.</summary>
    public long Notifications => Interlocked.Read(ref _notifications);

    /// <summary>Sign-outs followed by a sign-in so far.</summary>
    public long Churned => Interlocked.Read(ref _churned);

    /// <summary>Online user <paramref name="i"/>.</summary>
    public static SipUri Online(int i) => SipUri.Parse($"sip:full{2 * i}@contoso.com");

    /// <summary>A watcher and its contact list (20 online users of the first <paramref name="online"/>, 20 offline ones), for a poll.</summary>
    public static (SipUri Watcher, SipUri[] Targets) Poll(Random random, int online)
    {
        var watcher = random.Next(online);
        return (Online(watcher), ContactsOf(watcher, online));
    }

    /// <summary>Signs user <paramref name="i"/> in: an endpoint, then one subscription to the contact list.</summary>
    public async Task SignInAsync(int i, int online, CancellationToken cancellationToken)
    {
        await client.PublishEndpointAsync(Online(i), new EndpointPublication { EndpointId = "pc" }, cancellationToken);
        var subscription = await client.SubscribeAsync(Online(i), ContactsOf(i, online), cancellationToken);
        subscription.Changed += _ => Interlocked.Increment(ref _notifications);
        if (_subscriptions.TryAdd(i, subscription) is false)
        {
            await subscription.DisposeAsync();
        }
    }

    /// <summary>Starts signing users out and in again at the model's rate for <paramref name="online"/> users; dispose to stop.</summary>
    public IDisposable StartChurn(int online)
    {
        var perSecond = Math.Max(1, (int)Math.Round(online / SessionLength.TotalSeconds));
        var random = new Random(online);
        return new Timer(_ =>
        {
            for (var n = 0; n < perSecond; n++)
            {
                _ = ChurnAsync(random.Next(online), online);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Ends every subscription and signs every user out, so that a ramp after this one starts from an idle silo.</summary>
    public async ValueTask DisposeAsync()
    {
        // A silo past its capacity may time a call out: that user is left to its endpoint's timeout, not the run to fail.
        await Parallel.ForEachAsync(_subscriptions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pair, cancellation) =>
        {
            try
            {
                await pair.Value.DisposeAsync();
                await client.RemoveEndpointAsync(Online(pair.Key), "pc", cancellation);
            }
            catch (ClusterUnavailableException)
            {
                Interlocked.Increment(ref _cleanupFailures);
            }
        });
        _subscriptions.Clear();
    }

    /// <summary>Users the clean-up could not sign out (the silo timed the call out).</summary>
    public int CleanupFailures => Volatile.Read(ref _cleanupFailures);

    private async Task ChurnAsync(int i, int online)
    {
        if (!_subscriptions.TryRemove(i, out var subscription))
        {
            return;
        }

        await subscription.DisposeAsync();
        await client.RemoveEndpointAsync(Online(i), "pc");
        await SignInAsync(i, online, CancellationToken.None);
        Interlocked.Increment(ref _churned);
    }

    /// <summary>User <paramref name="i"/>'s contacts: fixed per user, 20 online (among the first <paramref name="online"/>) and 20 offline.</summary>
    private static SipUri[] ContactsOf(int i, int online)
    {
        var random = new Random(i);
        var half = CapacityScenario.ContactsPerPoll / 2;
        return
        [
            .. Enumerable.Range(0, half).Select(_ => Online(random.Next(online))),
            .. Enumerable.Range(0, half).Select(_ => SipUri.Parse($"sip:full{(2 * random.Next(online)) + 1}@contoso.com")),
        ];
    }
}
