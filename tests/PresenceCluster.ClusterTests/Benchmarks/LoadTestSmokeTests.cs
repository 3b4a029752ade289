using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.LoadTest;
using Xunit.Abstractions;

namespace PresenceCluster.ClusterTests.Benchmarks;

/// <summary>
/// The load harness at tiny sizes against a real silo process: every scenario produces results, and they are
/// correct (every notification delivered in order, every lookup answered). Speed is never asserted here.
/// </summary>
public sealed class LoadTestSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryScenario_AtTinySize_ProducesCorrectResults()
    {
        var options = LoadTestOptions.Parse(
        [
            "--users", "200", "--contacts", "3", "--batch", "50", "--callers", "4", "--duration", "1",
            "--notify-users", "10", "--watchers", "2", "--rate", "40", "--density-users", "500", "--redis", "auto",
            "--scenarios", "query,notify,density,capacity", "--capacity-start", "100", "--capacity-max", "200", "--capacity-model", "both",
        ]);
        options.SiloAssembly = ProgramBuild.PathOf("PresenceCluster.Silo");

        var report = await LoadTestRunner.RunAsync(options, output.WriteLine);
        output.WriteLine(report.ToTable());

        // CI installs redis-server (.ci/run), so there the comparison always runs; elsewhere it runs where installed.
        Assert.True(RedisServer.IsInstalled || Environment.GetEnvironmentVariable("CI") != "true", "CI must install redis-server for the comparison.");
        Assert.Equal(RedisServer.IsInstalled ? ["project", "http", "naive", "limit", "redis"] : ["project", "http", "naive", "limit"], report.Query.Select(m => m.Name));
        Assert.All(report.Query, m => Assert.Equal(m.Operations * 50, m.Items));
        Assert.All(report.Query, m => Assert.True(m.Operations > 0, $"{m.Name} made no batch"));
        var notify = Assert.IsType<LoadTest.Scenarios.NotifyScenario.Result>(report.Notify);
        Assert.True(notify.Correct, $"{notify.Delivered} of {notify.Expected} delivered, {notify.Missing} missing, {notify.OutOfOrder} out of order");
        Assert.True(notify.Expected > 0);
        var events = Assert.IsType<LoadTest.Scenarios.NotifyScenario.Result>(report.NotifyEvents);
        Assert.True(events.Correct, $"events stream: {events.EndedOnLatest} of {events.Pairs} ended on the latest, {events.OutOfOrder} out of order");
        Assert.Equal(notify.Pairs, events.Pairs);
        Assert.True(events.Delivered > 0);
        var density = Assert.IsType<LoadTest.Scenarios.DensityScenario.Result>(report.Density);
        Assert.True(density.After.ActiveGrains - density.Before.ActiveGrains >= 500, $"{density.Before.ActiveGrains} -> {density.After.ActiveGrains} activations");

        // Users never signed in are answered from storage: querying 500 of them activates none of their grains (at most
        // the query's own stateless workers, one per core, and the index replica).
        Assert.InRange(density.AfterOffline.ActiveGrains - density.After.ActiveGrains, 0, Environment.ProcessorCount + 1);
        var capacity = Assert.IsType<LoadTest.Scenarios.CapacityScenario.Result>(report.Capacity);
        // Whether a step is carried depends on speed, which a smoke test never asserts; the ramp starts where asked.
        Assert.Equal(100, capacity.Steps[0].Users);
        Assert.All(capacity.Steps, s => Assert.True(s.Polls.Operations > 0, $"no poll at {s.Users} users"));
        Assert.All(capacity.Steps, s => Assert.Equal(s.Polls.Operations * LoadTest.Scenarios.CapacityScenario.ContactsPerPoll, s.Polls.Items));

        // The full model's step: every online user holds one subscription to its 40 contacts (a user being signed
        // out and in again at that moment may be between two), and polls ask the same lists.
        var full = Assert.IsType<LoadTest.Scenarios.CapacityScenario.Result>(report.CapacityFull);
        Assert.Equal(LoadTest.Scenarios.CapacityScenario.UserModel.Full, full.Model);
        Assert.Equal(100, full.Steps[0].Users);
        Assert.All(full.Steps, s => Assert.InRange(s.Subscriptions, s.Users - 2, s.Users));
        Assert.All(full.Steps, s => Assert.True(s.Polls.Operations > 0, $"no poll at {s.Users} users"));
        Assert.All(full.Steps, s => Assert.Equal(s.Polls.Operations * LoadTest.Scenarios.CapacityScenario.ContactsPerPoll, s.Polls.Items));
    }

    [Fact]
    public async Task ScaleOut_OnTwoSiloProcesses_EachHoldsItsShare_AndAPublicationIsOneIndexUpdate()
    {
        // In CI the tests' PostgreSQL server (PRESENCE_TEST_POSTGRES); elsewhere the harness starts a throwaway one.
        var options = LoadTestOptions.Parse(["--silos", "2", "--scenarios", "scaleout", "--scaleout-users", "300", "--batch", "50", "--callers", "4", "--duration", "1"]);
        options.SiloAssembly = ProgramBuild.PathOf("PresenceCluster.Silo");

        var report = await LoadTestRunner.RunAsync(options, output.WriteLine);
        output.WriteLine(report.ToTable());

        var scaleOut = Assert.IsType<LoadTest.Scenarios.ScaleOutScenario.Result>(report.ScaleOut);
        Assert.Equal(2, scaleOut.Silos);
        Assert.Equal(2, scaleOut.PerSilo.Count);
        Assert.Equal(300, scaleOut.PerSilo.Sum(silo => silo.IndexEntries));
        Assert.All(scaleOut.PerSilo, silo => Assert.InRange(silo.IndexShare, 0.35, 0.65));
        Assert.Equal(1.0, scaleOut.IndexUpdatesPerPublication);
        Assert.InRange(scaleOut.OwnerRequestsPerBatchQuery, 0.5, 1.0);
        Assert.Equal(scaleOut.Queries.Operations * 50, scaleOut.Queries.Items);
    }

    [Fact]
    public async Task Notify_Overloaded_NeverGoesBackwards_AndEveryWatcherEndsOnEachUsersLatestNote()
    {
        // Far more publications than a tiny run's watchers take one at a time: the silo coalesces pending views.
        var options = LoadTestOptions.Parse(["--scenarios", "notify", "--notify-users", "20", "--watchers", "10", "--rate", "3000", "--duration", "2"]);
        options.SiloAssembly = ProgramBuild.PathOf("PresenceCluster.Silo");

        var report = await LoadTestRunner.RunAsync(options, output.WriteLine);
        output.WriteLine(report.ToTable());

        foreach (var notify in new[] { report.Notify, report.NotifyEvents })
        {
            var result = Assert.IsType<LoadTest.Scenarios.NotifyScenario.Result>(notify);
            Assert.Equal(200, result.Pairs);
            Assert.Equal(0, result.OutOfOrder);
            Assert.Equal(result.Pairs, result.EndedOnLatest);
            Assert.True(result.Delivered > 0);
        }
    }

    [Fact]
    public async Task Contacts_OverEws_MoveEachListIntoItsMailbox_WithOneItemPerContact()
    {
        var options = LoadTestOptions.Parse(["--scenarios", "contacts", "--contacts-users", "2", "--contacts-per-list", "30", "--contacts-backend", "ews"]);
        options.SiloAssembly = ProgramBuild.PathOf("PresenceCluster.Silo");

        var report = await LoadTestRunner.RunAsync(options, output.WriteLine);
        output.WriteLine(report.ToTable());

        var contacts = Assert.IsType<LoadTest.Scenarios.ContactsScenario.Result>(report.Contacts);
        Assert.Equal(2, contacts.Migrations.Count);
        Assert.All(contacts.Migrations, migration => Assert.Equal((30, 30), (migration.Contacts, migration.Writes)));

        // Find or make the folder (2), list it (1), its property (1), the items (30), read back from the beginning (1),
        // then the first sync of the migrated list (1).
        Assert.All(contacts.Migrations, migration => Assert.Equal(36, migration.Requests));
        Assert.Equal(0, contacts.DuplicateItems);
        Assert.Equal(1, contacts.UnchangedSyncRequests);
    }

    [Theory]
    [InlineData("--contacts-backend", "exchange2003")]
    [InlineData("--silos", "17")]
    [InlineData("--users", "0")]
    [InlineData("--scenarios", "query,warp")]
    [InlineData("--redis", "maybe")]
    [InlineData("--frobnicate", "1")]
    public void Options_Invalid_AreRefusedNamingTheSwitch(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse([name, value]));

        Assert.Contains(name == "--scenarios" ? "warp" : name == "--redis" ? "--redis" : name, error.Message, StringComparison.Ordinal);
    }
}
