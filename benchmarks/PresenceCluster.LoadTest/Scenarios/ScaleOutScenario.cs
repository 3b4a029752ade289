using PresenceCluster.Client;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// The read path across several silos (<c>--silos N</c>): N online users signed in (their grains spread over the
/// silos), a burst of publications, then batch queries for a while. Reports per silo its memory, its read-index
/// entries (its share), and the messages it sent over the network, and for the cluster the messages (and index
/// updates) per publication and per batch query. Messages and memory per silo are exact even though the silos share
/// this machine's cores; the query throughput is not.
/// </summary>
public static class ScaleOutScenario
{
    /// <summary>One silo's figures: its share and what it sent in each phase.</summary>
    public sealed record class SiloLine(
        string Silo, long HeapBytes, long WorkingSetBytes, int IndexEntries, double IndexShare, long MessagesPublishing, long MessagesQuerying, long IndexUpdates, long OwnerRequests);

    public sealed record class Result(
        int Silos, int Users, int Publications, long EntryChanges, long BatchQueries, double MessagesPerPublication, double IndexUpdatesPerPublication,
        double MessagesPerBatchQuery, double OwnerRequestsPerBatchQuery, double LargestIndexShare, Measurement Queries, IReadOnlyList<SiloLine> PerSilo);

    public static async Task<Result> RunAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress)
    {
        var silos = await client.ClusterClient.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync();
        var users = Enumerable.Range(0, options.ScaleOutUsers).Select(i => SipUri.Parse($"sip:s{i}@scaleout.example")).ToArray();
        progress($"scaleout: signing in {users.Length:N0} users on {silos.Length} silos");
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (user, cancellation) =>
            await client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer, Lifetime = TimeSpan.FromHours(1) }, cancellation));

        var beforePublishing = await LoadsAsync(client, silos, collectGarbage: false);
        var publications = Math.Min(users.Length, 2_000);
        var random = new Random(20261127);
        var changed = Enumerable.Range(0, publications).Select(_ => users[random.Next(users.Length)]).ToArray();
        var k = 0;
        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (user, cancellation) =>
            await client.SetNoteAsync(user, $"note {Interlocked.Increment(ref k)}", cancellation));
        var afterPublishing = await LoadsAsync(client, silos, collectGarbage: false);

        var watcher = SipUri.Parse("sip:scaleout-watcher@scaleout.example");
        var queries = await ClosedLoop.RunAsync("scaleout-query", options.Callers, options.Duration, async (caller, n) =>
        {
            var pick = new Random(HashCode.Combine(caller, n));
            var targets = Enumerable.Range(0, options.Batch).Select(_ => users[pick.Next(users.Length)]).ToArray();
            return (await client.QueryPresenceAsync(watcher, targets)).Count;
        }, progress);
        var afterQuerying = await LoadsAsync(client, silos, collectGarbage: false);
        var memory = await LoadsAsync(client, silos, collectGarbage: true);

        var batchQueries = Sum(afterQuerying, before: afterPublishing, load => load.BatchQueries);
        var lines = silos.Select(silo => new SiloLine(
            silo,
            memory[silo].ManagedHeapBytes,
            memory[silo].WorkingSetBytes,
            memory[silo].IndexEntries,
            memory[silo].IndexEntries / (double)users.Length,
            afterPublishing[silo].MessagesSent - beforePublishing[silo].MessagesSent,
            afterQuerying[silo].MessagesSent - afterPublishing[silo].MessagesSent,
            afterPublishing[silo].IndexUpdates - beforePublishing[silo].IndexUpdates,
            afterQuerying[silo].OwnerRequests - afterPublishing[silo].OwnerRequests)).ToList();
        // Index updates per entry change: the grains also make new entries by themselves (idle decay of users signed
        // in minutes ago), and each goes to the index like a publication's.
        var entryChanges = Sum(afterPublishing, before: beforePublishing, load => load.EntryChanges);
        return new Result(
            silos.Length,
            users.Length,
            publications,
            entryChanges,
            batchQueries,
            lines.Sum(line => line.MessagesPublishing) / (double)publications,
            lines.Sum(line => line.IndexUpdates) / (double)Math.Max(entryChanges, 1),
            lines.Sum(line => line.MessagesQuerying) / (double)Math.Max(batchQueries, 1),
            lines.Sum(line => line.OwnerRequests) / (double)Math.Max(batchQueries, 1),
            lines.Max(line => line.IndexShare),
            queries,
            lines);
    }

    /// <summary>A counter's growth between two readings of every silo, summed over the silos.</summary>
    private static long Sum(Dictionary<string, SiloLoad> after, Dictionary<string, SiloLoad> before, Func<SiloLoad, long> pick) =>
        after.Sum(pair => pick(pair.Value) - pick(before[pair.Key]));

    private static async Task<Dictionary<string, SiloLoad>> LoadsAsync(PresenceClusterClient client, string[] silos, bool collectGarbage)
    {
        var loads = await Task.WhenAll(silos.Select(silo => client.ClusterClient.GetGrain<ISiloLoadGrain>(silo).GetLoadAsync(collectGarbage)));
        return loads.ToDictionary(load => load.Silo, StringComparer.Ordinal);
    }
}
