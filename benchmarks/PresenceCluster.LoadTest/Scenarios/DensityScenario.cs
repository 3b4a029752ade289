using PresenceCluster.Client;
using PresenceCluster.Grains;
using PresenceCluster.Identity;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>Activates N users (their presence and contact-list grains and index entries) and reports memory per user.</summary>
public static class DensityScenario
{
    public sealed record class Result(int Users, SiloMemory Before, SiloMemory After)
    {
        public double HeapBytesPerUser => (After.ManagedHeapBytes - Before.ManagedHeapBytes) / (double)Users;

        public double WorkingSetBytesPerUser => (After.WorkingSetBytes - Before.WorkingSetBytes) / (double)Users;
    }

    public static async Task<Result> RunAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress)
    {
        var diagnostics = client.ClusterClient.GetGrain<ISiloDiagnosticsGrain>(0);
        var before = await diagnostics.GetMemoryAsync();
        var watcher = SipUri.Parse("sip:density-watcher@contoso.com");
        var batches = Enumerable.Range(0, options.DensityUsers).Select(i => SipUri.Parse($"sip:d{i}@density.example")).Chunk(1000).ToArray();
        var done = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, cancellation) =>
        {
            await client.QueryPresenceAsync(watcher, batch, cancellation);
            if (Interlocked.Add(ref done, batch.Length) % 20_000 < 1000)
            {
                progress($"  density: {done:N0} of {options.DensityUsers:N0} users active");
            }
        });

        var after = await diagnostics.GetMemoryAsync();
        return new Result(options.DensityUsers, before, after);
    }
}
