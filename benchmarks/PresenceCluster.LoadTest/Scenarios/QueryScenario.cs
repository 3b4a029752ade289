using System.Diagnostics;
using System.Text.Json;
using PresenceCluster.Client;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Query;
using StackExchange.Redis;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// Batch presence queries, measured side by side on the same data: the product's batch path through the SDK, the same
/// through the HTTP API (Graph's <c>getPresencesByUserId</c> over keep-alive connections, JSON both ways), one grain
/// call per target (naive), redis-server MGET of views pre-encoded the same way, and the in-process limit (same
/// lookups, filtering, encoding and decoding, no network).
/// </summary>
public static class QueryScenario
{
    public static async Task<List<Measurement>> RunAsync(PresenceClusterClient client, GraphHttp http, Population population, LoadTestOptions options, Action<string> progress)
    {
        var results = new List<Measurement>();
        var batches = population.Batches;
        SipUri Watcher(int caller, long n) => population.Users[(int)((caller * 7919 + n) % batches.Length)];
        SipUri[] Batch(int caller, long n) => batches[(int)((caller * 7919 + n) % batches.Length)];

        // Warm up: every target's grain active and in the silo's index.
        foreach (var batch in population.Users.Chunk(1000))
        {
            await client.QueryPresenceAsync(population.Users[0], batch);
        }

        progress("query: project (batch from the silo's read index)");
        results.Add(await ClosedLoop.RunAsync("project", options.Callers, options.Duration, async (caller, n) =>
            (await client.QueryPresenceAsync(Watcher(caller, n), Batch(caller, n))).Count, progress));

        // Each HTTP caller is one signed-in user (a token per caller, as each end user has one); the batches are the same.
        progress("query: http (getPresencesByUserId over keep-alive HTTP, Graph's JSON both ways)");
        var tokens = await Task.WhenAll(Enumerable.Range(0, options.Callers).Select(caller => http.SignInAsync(population.Users[caller % population.Users.Length].Address)));
        var bodies = batches.Select(batch => JsonSerializer.SerializeToUtf8Bytes(new { ids = batch.Select(user => user.Address).ToArray() })).ToArray();
        results.Add(await ClosedLoop.RunAsync("http", options.Callers, options.Duration, (caller, n) =>
            http.GetPresencesByUserIdAsync(tokens[caller], bodies[(int)((caller * 7919 + n) % batches.Length)]), progress));

        progress("query: naive (one grain call per target)");
        var orleans = client.ClusterClient;
        results.Add(await ClosedLoop.RunAsync("naive", options.Callers, options.Duration, async (caller, n) =>
        {
            var watcher = Watcher(caller, n).Value;
            var views = await Task.WhenAll(Batch(caller, n).Select(t => orleans.GetGrain<IPresenceGrain>(UserGrainKey.For(t)).GetViewAsync(watcher)));
            return views.Length;
        }, progress));

        var index = new PresenceReadIndex();
        var now = DateTimeOffset.UtcNow;
        foreach (var user in population.Users)
        {
            index.Apply(await orleans.GetGrain<IPresenceMaintenanceGrain>(UserGrainKey.For(user)).GetIndexEntryAsync(), now);
        }

        progress("query: limit (in process, same lookups, filtering, encoding and decoding)");
        results.Add(await ClosedLoop.RunAsync("limit", options.Callers, options.Duration, (caller, n) =>
        {
            var watcher = Watcher(caller, n).Value;
            var targets = Batch(caller, n);
            var views = new byte[targets.Length][];
            for (var i = 0; i < targets.Length; i++)
            {
                views[i] = index.Find(targets[i].Value, now)!.EncodedViewFor(watcher);
            }

            return Task.FromResult(EncodedPresenceViews.Join(views).Decode().Length);
        }, progress));

        if (options.Redis == "auto" && await RedisServer.StartAsync() is { } redis)
        {
            await using (redis)
            {
                progress($"query: redis (MGET of pre-serialized views, redis-server on port {redis.Port})");
                using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
                var database = connection.GetDatabase();
                foreach (var chunk in population.Users.Chunk(500))
                {
                    await database.StringSetAsync([.. chunk.Select(u => new KeyValuePair<RedisKey, RedisValue>(u.Value, PresenceViewEncoding.Encode(index.Find(u.Value, now)!.ViewFor(population.Users[0].Value))))]);
                }

                results.Add(await ClosedLoop.RunAsync("redis", options.Callers, options.Duration, async (caller, n) =>
                {
                    var targets = Batch(caller, n);
                    var values = await database.StringGetAsync([.. targets.Select(t => (RedisKey)t.Value)]);
                    var count = 0;
                    foreach (var value in values)
                    {
                        count += PresenceViewEncoding.Decode((byte[])value!) is not null ? 1 : 0;
                    }

                    return count;
                }, progress));
            }
        }
        else
        {
            progress("query: redis skipped (redis-server not installed: bash benchmarks/install-redis.sh, or --redis skip)");
        }

        return results;
    }
}
