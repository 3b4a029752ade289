using System.Collections.Concurrent;
using System.Diagnostics;
using PresenceCluster.Client;
using PresenceCluster.Identity;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// Every user watched by W subscribed watchers through the SDK; notes published at a fixed rate. Measures
/// notifications delivered per second and publish→notify latency, and checks that every watcher saw every note of
/// every user, in order.
/// </summary>
public static class NotifyScenario
{
    public sealed record class Result(Measurement Measurement, long Expected, long Delivered, long OutOfOrder, long Missing)
    {
        public bool Correct => Delivered == Expected && OutOfOrder == 0 && Missing == 0;
    }

    public static async Task<Result> RunAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress)
    {
        var users = Enumerable.Range(0, Math.Min(options.NotifyUsers, PresenceClusterClient.MaxBatchSize)).Select(i => SipUri.Parse($"sip:notify{i}@contoso.com")).ToArray();
        var watchers = Enumerable.Range(0, options.Watchers).Select(i => SipUri.Parse($"sip:watcher{i}@contoso.com")).ToArray();
        var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var received = new ConcurrentQueue<(int Watcher, string Target, string Note, long At)>();
        foreach (var user in users)
        {
            await client.SetNoteAsync(user, "start");
        }

        var subscriptions = new List<PresenceSubscription>();
        for (var w = 0; w < watchers.Length; w++)
        {
            var watcher = w;
            var subscription = await client.SubscribeAsync(watchers[w], users);
            subscription.Changed += view => received.Enqueue((watcher, view.Target, view.Note ?? string.Empty, Stopwatch.GetTimestamp()));
            subscriptions.Add(subscription);
        }

        progress($"notify: {users.Length} users x {watchers.Length} watchers, {options.Rate} publications/s for {options.Duration.TotalSeconds:N0} s");
        var published = new List<(string Target, string Note)>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / options.Rate);

        // One publication in flight per user: a user's notes are applied in the order they were sent, which is the
        // order every watcher must see them in.
        var lastPerUser = new Task[users.Length];
        Array.Fill(lastPerUser, Task.CompletedTask);
        for (var k = 0; clock.Elapsed < options.Duration; k++)
        {
            var due = interval * k;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var slot = k % users.Length;
            var user = users[slot];
            var note = $"n{k}";
            published.Add((user.Value, note));
            lastPerUser[slot] = PublishAfterAsync(lastPerUser[slot], client, user, note, sentAt);
        }

        await Task.WhenAll(lastPerUser);
        var expected = (long)published.Count * watchers.Length;
        var settle = Stopwatch.StartNew();
        while (received.Count < expected && settle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        var elapsed = clock.Elapsed;
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        var latency = Measurement.NewHistogram();
        var seen = new Dictionary<(int, string), List<string>>();
        long delivered = 0;
        foreach (var (watcher, target, note, at) in received)
        {
            if (sentAt.TryGetValue(note, out var sent))
            {
                latency.RecordValue(Math.Max(0, at - sent));
                delivered++;
                (seen.TryGetValue((watcher, target), out var list) ? list : seen[(watcher, target)] = []).Add(note);
            }
        }

        long outOfOrder = 0, missing = 0;
        foreach (var group in published.GroupBy(p => p.Target))
        {
            var notes = group.Select(p => p.Note).ToList();
            for (var w = 0; w < watchers.Length; w++)
            {
                var got = seen.GetValueOrDefault((w, group.Key)) ?? [];
                missing += notes.Count - got.Count(notes.Contains);
                outOfOrder += got.SequenceEqual(notes.Where(got.Contains)) ? 0 : 1;
            }
        }

        return new Result(Measurement.From("notify", published.Count, delivered, elapsed, latency), expected, delivered, outOfOrder, missing);
    }

    private static async Task PublishAfterAsync(Task previous, PresenceClusterClient client, SipUri user, string note, ConcurrentDictionary<string, long> sentAt)
    {
        await previous;
        sentAt[note] = Stopwatch.GetTimestamp();
        await client.SetNoteAsync(user, note);
    }
}
