using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.TestingHost;
using PresenceCluster.Client;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.PostgreSqlTests.Infrastructure;
using PresenceCluster.Presence;
using Xunit.Abstractions;

namespace PresenceCluster.PostgreSqlTests.Resilience;

/// <summary>
/// Soft state through the cluster changing: 150 users with one signed-in endpoint each (heartbeats every 2 s from one
/// SDK client) and a watcher per user (subscriptions on a second SDK client), on three silos over PostgreSQL. After a
/// graceful stop, a SIGKILL-like kill and a rolling restart of every silo: no user is without their endpoint for
/// longer than one heartbeat interval once the silo is gone, and every watcher sees the first change made after the
/// fault within 10 s of it.
/// </summary>
public sealed class SoftStateTests(ITestOutputHelper output)
{
    private const int UserCount = 150;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WatcherLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task GracefulStop_Kill_AndRollingRestart_KeepEndpointsAndRepairSubscriptions()
    {
        await using var cluster = await PostgresCluster.StartNewAsync(silos: 3);
        await using var publisher = await cluster.ConnectSdkClientAsync();
        await using var watching = await cluster.ConnectSdkClientAsync();
        var users = Enumerable.Range(0, UserCount).Select(i => SipUri.Parse($"sip:soft{i}@contoso.com")).ToArray();
        foreach (var user in users)
        {
            await publisher.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer });
        }

        var seen = new ConcurrentDictionary<int, ConcurrentQueue<(string? Note, long At)>>();
        var clock = Stopwatch.StartNew();
        var subscriptions = new List<PresenceSubscription>();
        for (var i = 0; i < UserCount; i++)
        {
            var index = i;
            var subscription = await watching.SubscribeAsync(SipUri.Parse($"sip:watcher{i}@contoso.com"), [users[i]]);
            var arrivals = seen.GetOrAdd(index, _ => new ConcurrentQueue<(string?, long)>());
            subscription.Changed += view => arrivals.Enqueue((view.Note, clock.ElapsedMilliseconds));
            subscriptions.Add(subscription);
        }

        using var stopHeartbeats = new CancellationTokenSource();
        var heartbeats = HeartbeatAsync(publisher, users, stopHeartbeats.Token);
        try
        {
            var phases = new List<Figures>
            {
                await FaultAsync("graceful stop", cluster, publisher, users, seen, clock, async c => await c.StopSiloAsync(await BusiestAsync(c, users)), phase: 1),
            };
            await cluster.Cluster.StartAdditionalSiloAsync();
            phases.Add(await FaultAsync("kill", cluster, publisher, users, seen, clock, async c => await c.KillSiloAsync(await BusiestAsync(c, users)), phase: 2));
            await cluster.Cluster.StartAdditionalSiloAsync();

            // Rolling restart: every silo of the cluster, one after another, replaced by a new one.
            var rolling = new List<Figures>();
            foreach (var silo in cluster.Cluster.Silos.ToArray())
            {
                rolling.Add(await FaultAsync("rolling restart step", cluster, publisher, users, seen, clock, async c =>
                {
                    await c.StopSiloAsync(silo);
                    await c.StartAdditionalSiloAsync();
                }, phase: 3 + rolling.Count));
            }

            phases.Add(new Figures("rolling restart (3 silos; lost endpoints summed over the steps)", rolling.Sum(f => f.EndpointsLost), rolling.Max(f => f.UsersWithoutEndpoint), rolling.Max(f => f.EndpointsBackSeconds), rolling.Max(f => f.SlowestWriteSeconds), rolling.Max(f => f.SlowestWatcherSeconds), rolling.Sum(f => f.WatchersLate)));
            foreach (var figures in phases)
            {
                var line = $"soft state, {figures.Phase}: users seen without their endpoint after the silo was gone {figures.EndpointsLost} of {UserCount}, still without one heartbeat ({Heartbeat.TotalSeconds:F0} s) after it was gone {figures.UsersWithoutEndpoint}, "
                    + $"all back {figures.EndpointsBackSeconds:F1} s after it was gone; next change of every user acknowledged within {figures.SlowestWriteSeconds:F1} s of the fault; "
                    + $"slowest watcher saw it {figures.SlowestWatcherSeconds:F1} s after the fault or its acknowledgement, late (> {WatcherLimit.TotalSeconds:F0} s) {figures.WatchersLate} of {UserCount}";
                output.WriteLine(line);
                ResilienceReport.Write(line);
            }

            Assert.All(phases, figures =>
            {
                Assert.True(figures.UsersWithoutEndpoint == 0, $"{figures.Phase}: {figures.UsersWithoutEndpoint} users lost their endpoint beyond one heartbeat");
                Assert.True(figures.WatchersLate == 0, $"{figures.Phase}: {figures.WatchersLate} watchers saw the next change later than {WatcherLimit} (slowest {figures.SlowestWatcherSeconds:F1} s)");
            });
        }
        finally
        {
            await stopHeartbeats.CancelAsync();
            await heartbeats;
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="fault"/>, then measures how soon endpoints and watchers are whole again.</summary>
    private static async Task<Figures> FaultAsync(
        string name,
        PostgresCluster cluster,
        PresenceClusterClient publisher,
        SipUri[] users,
        ConcurrentDictionary<int, ConcurrentQueue<(string? Note, long At)>> seen,
        Stopwatch clock,
        Func<TestCluster, Task> fault,
        int phase)
    {
        var activeBefore = await ActiveSilosAsync(cluster);
        var faultAt = clock.ElapsedMilliseconds;
        await fault(cluster.Cluster);

        // The next change of every user, made at once and retried until the cluster takes it, while the rest is measured.
        var note = $"after fault {phase}";
        var changes = Task.WhenAll(users.Select(async user =>
        {
            await UntilAcknowledgedAsync(() => publisher.SetNoteAsync(user, note));
            return clock.ElapsedMilliseconds;
        }));

        // Gone: the first moment the membership no longer lists a silo that was active before.
        var deadline = clock.Elapsed + Patience;
        while (activeBefore.IsSubsetOf(await ActiveSilosAsync(cluster)))
        {
            Assert.True(clock.Elapsed < deadline, $"{name}: no silo left the membership");
            await Task.Delay(100);
        }

        var goneAt = clock.ElapsedMilliseconds;

        // Endpoints, asked of each user's grain (the read index may still hold the lost activation's last view): how
        // many were lost, how many are still without theirs one heartbeat after the silo was gone, when all are back.
        var lost = 0;
        int? afterOneHeartbeat = null;
        while (true)
        {
            var views = await Task.WhenAll(users.Select(user => UntilAnsweredAsync(() => publisher.GetOwnPresenceAsync(user))));
            var offline = views.Count(view => view.GraphAvailability == GraphAvailability.Offline);
            var since = TimeSpan.FromMilliseconds(clock.ElapsedMilliseconds - goneAt);
            lost = Math.Max(lost, offline);
            if (since >= Heartbeat)
            {
                afterOneHeartbeat ??= offline;
            }

            if (offline == 0)
            {
                break;
            }

            Assert.True(clock.Elapsed < deadline, $"{name}: endpoints did not come back");
            await Task.Delay(200);
        }

        var endpointsBack = (clock.ElapsedMilliseconds - goneAt) / 1000.0;
        var acknowledged = await changes;

        // Watchers: when each saw the change (through a notification, or the repair that brings the latest view).
        var arrivals = new long[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            while (!seen[i].Any(s => s.Note == note && s.At >= faultAt))
            {
                if (clock.Elapsed > deadline)
                {
                    arrivals[i] = long.MaxValue;
                    break;
                }

                await Task.Delay(50);
            }

            arrivals[i] = arrivals[i] == long.MaxValue ? arrivals[i] : seen[i].First(s => s.Note == note && s.At >= faultAt).At;
        }

        // From the fault, or from the change's acknowledgement when the write itself had to wait for the cluster: a
        // watcher cannot see a change before it is made; what must not happen is an acknowledged change unseen.
        var delays = arrivals.Select((at, i) => at == long.MaxValue ? double.PositiveInfinity : Math.Max(0, at - Math.Max(faultAt, acknowledged[i])) / 1000.0).ToArray();
        var slowestWrite = (acknowledged.Max() - faultAt) / 1000.0;
        return new Figures(name, lost, afterOneHeartbeat ?? 0, endpointsBack, slowestWrite, delays.Max(), delays.Count(d => d > WatcherLimit.TotalSeconds));
    }

    /// <summary>The active silos, asked until a gateway answers (the test's own client may have lost its gateway too).</summary>
    private static async Task<HashSet<string>> ActiveSilosAsync(PostgresCluster cluster)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            try
            {
                return [.. await cluster.Cluster.Client.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync()];
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The silo holding the most of the users' presence grains, so that the fault takes as much soft state as it can.</summary>
    private static async Task<SiloHandle> BusiestAsync(TestCluster cluster, SipUri[] users)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var hosts = await Task.WhenAll(users.Select(user => management.GetActivationAddress(cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(user))).AsTask()));
        var counts = hosts.Where(host => host is not null).GroupBy(host => host!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(counts.Count > 0, "no user's presence grain was found on any silo");
        return cluster.Silos.OrderByDescending(s => counts.GetValueOrDefault(s.SiloAddress)).First();
    }

    private static async Task HeartbeatAsync(PresenceClusterClient publisher, SipUri[] users, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await Task.WhenAll(users.Select(async user =>
                {
                    try
                    {
                        await publisher.HeartbeatEndpointAsync(user, "pc", stopping);
                    }
                    catch (ClusterUnavailableException)
                    {
                        // The silo holding the user is being lost; the next round repairs the endpoint.
                    }
                }));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private static async Task<T> UntilAnsweredAsync<T>(Func<Task<T>> read)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await read();
            }
            catch (ClusterUnavailableException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task UntilAcknowledgedAsync(Func<Task> write)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            try
            {
                await write();
                return;
            }
            catch (ClusterUnavailableException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private sealed record Figures(string Phase, int EndpointsLost, int UsersWithoutEndpoint, double EndpointsBackSeconds, double SlowestWriteSeconds, double SlowestWatcherSeconds, int WatchersLate);
}
