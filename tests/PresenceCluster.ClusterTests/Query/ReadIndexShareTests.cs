using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Query;

namespace PresenceCluster.ClusterTests.Query;

/// <summary>
/// Each silo's read index holds its share of the users only: every user's entry on exactly one silo (the owner the
/// partition names), one index message per publication however many silos there are, lapsed entries swept out, and a
/// silo joining takes its share while the others let theirs go.
/// </summary>
public sealed class ReadIndexShareTests : IAsyncLifetime
{
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private PresenceTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 3);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task EveryEntry_IsHeldByItsOwnerOnly_APublicationIsOneIndexMessage_AndLapsedEntriesLeaveMemory()
    {
        var users = await QueriedUsersAsync(90);
        var holders = Holders(users);
        using var updates = Collector("presence.read_index.updates");
        await _cluster.Client.SetNoteAsync(users[0], "changed");
        var maxAge = TimeSpan.FromMinutes(5);
        _cluster.Time.Advance(maxAge + TimeSpan.FromMinutes(1));
        var swept = Silos().Sum(silo => silo.GetRequiredService<ReadIndexSweeper>().SweepOnce());

        Assert.All(users, user => Assert.Equal([Owner(user)], holders[user]));
        Assert.Equal(3, holders.Values.Select(silos => silos.Single()).Distinct().Count());
        Assert.Equal(1, updates.Sum());
        Assert.True(swept >= users.Count, $"swept {swept}");
        Assert.All(users, user => Assert.Empty(Holders([user])[user]));
    }

    [Fact]
    public async Task AFourthSiloJoining_HoldsOnlyItsShare_AndTheOthersLetTheirsGo()
    {
        var users = await QueriedUsersAsync(400);
        await _cluster.Cluster.StartAdditionalSiloAsync();
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync();
        await WaitUntilEverySiloSeesAsync(4);

        await QueryAllAsync(users);
        foreach (var silo in Silos())
        {
            silo.GetRequiredService<ReadIndexSweeper>().SweepOnce();
        }

        var holders = Holders(users);
        var shares = holders.Values.GroupBy(silos => Assert.Single(silos)).ToDictionary(group => group.Key, group => group.Count());
        var joined = Silos().Last().GetRequiredService<IndexOwnership>().LocalSilo;

        Assert.All(users, user => Assert.Equal([Owner(user)], holders[user]));
        Assert.Equal(4, shares.Count);
        Assert.All(shares.Values, count => Assert.InRange(count, 1, (int)(users.Count * 0.35)));
        Assert.InRange(shares[joined], (int)(users.Count * 0.15), (int)(users.Count * 0.35));
    }

    [Fact]
    public async Task AFourthSiloJoining_TakesItsShareOfLiveGrains_AndNoOnlineUserIsAnsweredFromStorage()
    {
        var users = Enumerable.Range(0, 200).Select(i => Users.New($"online{i}")).ToList();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, cancellation) =>
            await _cluster.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc" }, cancellation));
        var placedOnOwner = users.Count(user => GrainSilo(user) == Owner(user));

        await _cluster.Cluster.StartAdditionalSiloAsync();
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync();
        await WaitUntilEverySiloSeesAsync(4);
        await Waits.UntilAsync(() => users.All(user => GrainSilo(user) == Owner(user)));
        await Waits.UntilAsync(() => Silos().All(silo => !silo.GetRequiredService<IndexOwnership>().InTransition));
        var joined = Silos().Last().GetRequiredService<IndexOwnership>().LocalSilo;
        var readsBefore = Silos().Sum(silo => silo.GetRequiredService<PresenceMetrics>().OfflineReads);
        var views = new List<PresenceView>();
        foreach (var batch in users.Chunk(100))
        {
            views.AddRange(await _cluster.Client.QueryPresenceAsync(Users.New("watcher"), batch));
        }

        Assert.Equal(users.Count, placedOnOwner);
        Assert.InRange(users.Count(user => GrainSilo(user) == joined), (int)(users.Count * 0.15), (int)(users.Count * 0.35));
        Assert.All(views, view => Assert.Equal(GraphAvailability.Available, view.GraphAvailability));
        Assert.Equal(readsBefore, Silos().Sum(silo => silo.GetRequiredService<PresenceMetrics>().OfflineReads));
    }

    /// <summary>The silo the user's presence grain is active on; null when it is not active.</summary>
    private string? GrainSilo(SipUri user) =>
        _cluster.Cluster.TryGetGrainContext(_cluster.Cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(user)).GetGrainId(), out var context)
            ? context.Address.SiloAddress!.ToParsableString()
            : null;


    /// <summary>Users with a note, each queried once (batches from the client's gateway silo), so every owner holds its share.</summary>
    private async Task<List<SipUri>> QueriedUsersAsync(int count)
    {
        var users = Enumerable.Range(0, count).Select(i => Users.New($"share{i}")).ToList();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, cancellation) => await _cluster.Client.SetNoteAsync(user, "here", cancellation));
        await QueryAllAsync(users);
        return users;
    }

    private async Task QueryAllAsync(List<SipUri> users)
    {
        foreach (var batch in users.Chunk(100))
        {
            await _cluster.Client.QueryPresenceAsync(Users.New("watcher"), batch);
        }
    }

    private IEnumerable<IServiceProvider> Silos() => _cluster.Cluster.Silos.Select(silo => silo.ServiceProvider);

    private string Owner(SipUri user) => Silos().First().GetRequiredService<IndexOwnership>().Current.OwnerOf(user.Value)!;

    /// <summary>For each user, the silos whose index holds an entry for them (lapsed or not).</summary>
    private Dictionary<SipUri, List<string>> Holders(IEnumerable<SipUri> users) => users.ToDictionary(
        user => user,
        user => Silos()
            .Where(silo => silo.GetRequiredService<PresenceReadIndex>().Find(user.Value, DateTimeOffset.MinValue) is not null)
            .Select(silo => silo.GetRequiredService<IndexOwnership>().LocalSilo)
            .ToList());

    private async Task WaitUntilEverySiloSeesAsync(int silos)
    {
        for (var attempt = 0; attempt < 100 && !Silos().All(silo => silo.GetRequiredService<IndexOwnership>().Current.Silos.Count == silos); attempt++)
        {
            await Task.Delay(100);
        }
    }

    private CollectorSet Collector(string name) => new([.. Silos().Select(silo => new MetricCollector<long>(silo.GetRequiredService<IMeterFactory>(), PresenceMetrics.MeterName, name))]);

    /// <summary>One instrument's measurements on every silo.</summary>
    private sealed class CollectorSet(List<MetricCollector<long>> collectors) : IDisposable
    {
        public long Sum() => collectors.Sum(collector => collector.GetMeasurementSnapshot().Sum(measurement => measurement.Value));

        public void Dispose() => collectors.ForEach(collector => collector.Dispose());
    }
}
