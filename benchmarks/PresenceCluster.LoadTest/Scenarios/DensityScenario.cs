using PresenceCluster.Client;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// Memory per user, side by side in one run: N users signed in (an endpoint each: their presence grain, the contact
/// list it asked for the policy, their index entry), then N users never signed in, queried (answered from storage:
/// an index entry each, no activation). Reports bytes per online and per offline user, and the activations each added.
/// </summary>
public static class DensityScenario
{
    public sealed record class Result(int Users, SiloMemory Before, SiloMemory After, SiloMemory AfterOffline)
    {
        public double HeapBytesPerUser => (After.ManagedHeapBytes - Before.ManagedHeapBytes) / (double)Users;

        public double WorkingSetBytesPerUser => (After.WorkingSetBytes - Before.WorkingSetBytes) / (double)Users;

        /// <summary>Managed heap per user queried but not signed in.</summary>
        public double HeapBytesPerOfflineUser => (AfterOffline.ManagedHeapBytes - After.ManagedHeapBytes) / (double)Users;

        /// <summary>Working set per user queried but not signed in.</summary>
        public double WorkingSetBytesPerOfflineUser => (AfterOffline.WorkingSetBytes - After.WorkingSetBytes) / (double)Users;
    }

    public static async Task<Result> RunAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress)
    {
        var diagnostics = client.ClusterClient.GetGrain<ISiloDiagnosticsGrain>(0);
        var before = await diagnostics.GetMemoryAsync();
        var online = Enumerable.Range(0, options.DensityUsers).Select(i => SipUri.Parse($"sip:d{i}@density.example")).ToArray();
        var done = 0;
        await Parallel.ForEachAsync(online, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (user, cancellation) =>
        {
            await client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", Lifetime = TimeSpan.FromHours(4) }, cancellation);
            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                progress($"  density: {done:N0} of {options.DensityUsers:N0} users signed in");
            }
        });

        var after = await diagnostics.GetMemoryAsync();
        var watcher = SipUri.Parse("sip:density-watcher@contoso.com");
        var offline = Enumerable.Range(0, options.DensityUsers).Select(i => SipUri.Parse($"sip:o{i}@density.example")).Chunk(1000).ToArray();
        await Parallel.ForEachAsync(offline, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, cancellation) => await client.QueryPresenceAsync(watcher, batch, cancellation));
        progress($"  density: {options.DensityUsers:N0} users never signed in queried");
        return new Result(options.DensityUsers, before, after, await diagnostics.GetMemoryAsync());
    }
}
