using System.Collections.Concurrent;
using System.Diagnostics;
using PresenceCluster.Client;
using PresenceCluster.Identity;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// Every user watched by W watchers; notes published at a fixed rate. Measures notifications delivered per second
/// and publish→notify latency, in two variants side by side: SDK subscriptions (the trusted servers' path) and the
/// server-sent events stream of the HTTP API (the browsers' path). Both are state, not a log: the silo batches each
/// connection's changes and sends the latest view of a user rather than each intermediate one while a batch is in
/// flight, so under overload a watcher may skip a note, but it must never see an older note after a newer one and
/// must end on each user's latest.
/// </summary>
public static class NotifyScenario
{
    /// <summary>
    /// What one variant delivered: notifications expected (publications × watchers) and delivered, watchers that saw a
    /// user's notes out of order, notes never seen (skipped intermediate states), and the (watcher, user) pairs and how
    /// many ended on the user's latest note. Correct: nothing out of order, every pair on the latest.
    /// </summary>
    public sealed record class Result(Measurement Measurement, long Expected, long Delivered, long OutOfOrder, long Missing, long Pairs, long EndedOnLatest)
    {
        public bool Correct => OutOfOrder == 0 && EndedOnLatest == Pairs;
    }

    /// <summary>The most users the events-stream variant follows (their addresses go into the request line).</summary>
    public const int MaxEventsStreamUsers = 250;

    /// <summary>Records one received note: watcher index, target SIP URI, note.</summary>
    private delegate void Record(int watcher, string target, string note);

    /// <summary>Sets up one watcher's subscription to every user; disposing it ends the subscription.</summary>
    private delegate Task<IAsyncDisposable> Subscribe(int index, SipUri watcher, SipUri[] users, Record record);

    /// <summary>The SDK variant: <see cref="PresenceClusterClient.SubscribeAsync"/> per watcher.</summary>
    public static Task<Result> RunAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress) =>
        RunVariantAsync("notify", client, options, progress, async (index, watcher, users, record) =>
        {
            var subscription = await client.SubscribeAsync(watcher, users);
            subscription.Changed += view => record(index, view.Target, view.Note ?? string.Empty);
            return subscription;
        });

    /// <summary>The HTTP variant: one <c>/v1.0/me/presence/events</c> stream per watcher, signed in as that watcher.</summary>
    public static Task<Result> RunEventsAsync(PresenceClusterClient client, GraphHttp http, LoadTestOptions options, Action<string> progress) =>
        RunVariantAsync("notify-sse", client, options, progress, async (index, watcher, users, record) =>
        {
            var token = await http.SignInAsync(watcher.Address);
            var initial = 0;
            var stop = new CancellationTokenSource();
            var reading = http.FollowEventsAsync(token, users.Select(user => user.Address), presence =>
            {
                Interlocked.Increment(ref initial);
                var note = presence.TryGetProperty("statusMessage", out var status) ? status.GetProperty("message").GetProperty("content").GetString() : null;
                record(index, "sip:" + presence.GetProperty("id").GetString(), note ?? string.Empty);
            }, stop.Token);

            // The stream is in place once it has sent every user's current presence.
            var deadline = Stopwatch.StartNew();
            while (Volatile.Read(ref initial) < users.Length && !reading.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            return new Stream(stop, reading);
        });

    private static async Task<Result> RunVariantAsync(
        string name, PresenceClusterClient client, LoadTestOptions options, Action<string> progress, Subscribe subscribe)
    {
        var users = Enumerable.Range(0, Math.Min(options.NotifyUsers, PresenceClusterClient.MaxBatchSize)).Select(i => SipUri.Parse($"sip:notify{i}@contoso.com")).ToArray();
        var watchers = Enumerable.Range(0, options.Watchers).Select(i => SipUri.Parse($"sip:{name}-watcher{i}@contoso.com")).ToArray();
        var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var received = new ConcurrentQueue<(int Watcher, string Target, string Note, long At)>();
        var latest = new ConcurrentDictionary<(int, string), string>();
        foreach (var user in users)
        {
            await client.SetNoteAsync(user, $"start {name}");
        }

        var subscriptions = new List<IAsyncDisposable>();
        for (var w = 0; w < watchers.Length; w++)
        {
            subscriptions.Add(await subscribe(w, watchers[w], users, (watcher, target, note) =>
            {
                received.Enqueue((watcher, target, note, Stopwatch.GetTimestamp()));
                latest[(watcher, target)] = note;
            }));
        }

        progress($"{name}: {users.Length} users x {watchers.Length} watchers, {options.Rate} publications/s for {options.Duration.TotalSeconds:N0} s");
        var published = new List<(string Target, string Note)>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / options.Rate);

        // One publication in flight per user: a user's notes are applied in the order they were sent, which is the
        // order every watcher must see them in.
        var lastPerUser = new Task[users.Length];
        Array.Fill(lastPerUser, Task.CompletedTask);
        for (var k = 0; clock.Elapsed < options.Duration; k++)
        {
            // On a machine faster than the rate, the loop waits; behind it, it catches up at once.
            await Pacing.UntilAsync(clock, interval * k);

            var slot = k % users.Length;
            var user = users[slot];
            var note = $"{name}-{k}";
            published.Add((user.Value, note));
            lastPerUser[slot] = PublishAfterAsync(lastPerUser[slot], client, user, note, sentAt);
        }

        await Task.WhenAll(lastPerUser);
        var expected = (long)published.Count * watchers.Length;
        var lastNote = published.GroupBy(p => p.Target).ToDictionary(g => g.Key, g => g.Last().Note, StringComparer.Ordinal);
        bool AllOnLatest() => lastNote.All(target => Enumerable.Range(0, watchers.Length).All(w => latest.TryGetValue((w, target.Key), out var note) && note == target.Value));
        var settle = Stopwatch.StartNew();
        while (!AllOnLatest() && settle.Elapsed < TimeSpan.FromSeconds(30))
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

        long outOfOrder = 0, missing = 0, endedOnLatest = 0;
        foreach (var group in published.GroupBy(p => p.Target))
        {
            var notes = group.Select(p => p.Note).ToList();
            for (var w = 0; w < watchers.Length; w++)
            {
                var got = seen.GetValueOrDefault((w, group.Key)) ?? [];
                missing += notes.Count - got.Count(notes.Contains);
                outOfOrder += got.SequenceEqual(notes.Where(got.Contains)) ? 0 : 1;
                endedOnLatest += got.Count > 0 && got[^1] == notes[^1] ? 1 : 0;
            }
        }

        var pairs = (long)lastNote.Count * watchers.Length;
        return new Result(Measurement.From(name, published.Count, delivered, elapsed, latency), expected, delivered, outOfOrder, missing, pairs, endedOnLatest);
    }


    private static async Task PublishAfterAsync(Task previous, PresenceClusterClient client, SipUri user, string note, ConcurrentDictionary<string, long> sentAt)
    {
        await previous;
        sentAt[note] = Stopwatch.GetTimestamp();
        await client.SetNoteAsync(user, note);
    }

    /// <summary>An open events stream; disposing it closes the connection, which ends the subscription behind it.</summary>
    private sealed class Stream(CancellationTokenSource stop, Task reading) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await reading;
            stop.Dispose();
        }
    }
}
