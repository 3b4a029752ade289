using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;
using PresenceCluster.Presence;
using PresenceCluster.Query;

namespace PresenceCluster.UnitTests.Presence;

/// <summary>
/// Notifications batched per observer with backpressure: one message per flush, at most one in flight, the latest
/// view per watcher and watched user while one is — so a watcher may skip states, and always ends on the latest.
/// </summary>
public sealed class NotificationBatcherTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly NotificationBatcher _batcher;

    public NotificationBatcherTests()
    {
        var metrics = new PresenceMetrics(_services.GetRequiredService<IMeterFactory>(), new PresenceReadIndex());
        _batcher = new NotificationBatcher(Options.Create(new PresenceOptions { NotificationFlushInterval = TimeSpan.FromMilliseconds(5) }), metrics, NullLogger<NotificationBatcher>.Instance);
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task ChangesWithinTheFlushInterval_GoInOneMessage()
    {
        var observer = new RecordingObserver();

        for (var i = 0; i < 50; i++)
        {
            _batcher.Enqueue(observer, "sip:w@contoso.com", View($"sip:u{i}@contoso.com", 1));
        }

        await observer.WaitForAsync(changes: 50);
        Assert.Equal([50], observer.BatchSizes);
    }

    [Fact]
    public async Task WhileABatchIsInFlight_NewerViewsOfTheSameUserReplaceOlderOnes_AndTheLatestArrives()
    {
        var observer = new RecordingObserver { Gate = new TaskCompletionSource() };
        _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:a@contoso.com", 1));
        await observer.WaitForBatchesAsync(1);

        for (var sequence = 2; sequence <= 100; sequence++)
        {
            _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:a@contoso.com", sequence));
        }

        observer.Gate.SetResult();
        await observer.WaitForAsync(changes: 2);

        Assert.Equal([1, 1], observer.BatchSizes);
        Assert.Equal([1, 100], observer.Received.Select(change => change.View.Sequence));
    }

    [Fact]
    public async Task AnOlderView_NeverReplacesANewerPendingOne()
    {
        var observer = new RecordingObserver { Gate = new TaskCompletionSource() };
        _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:b@contoso.com", 1));
        await observer.WaitForBatchesAsync(1);

        _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:a@contoso.com", 7));
        _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:a@contoso.com", 5));
        observer.Gate.SetResult();
        await observer.WaitForAsync(changes: 2);

        Assert.Equal(7, observer.Received.Last().View.Sequence);
    }

    [Fact]
    public async Task UnderLoad_EveryWatcherEndsOnTheLatestViewOfEveryUser_ThroughMessagesOfAtMostMaxBatch()
    {
        var observer = new RecordingObserver { Delay = TimeSpan.FromMilliseconds(2) };
        var random = new Random(20261127);
        var latest = new Dictionary<(string, string), long>();
        for (var k = 1; k <= 20_000; k++)
        {
            var (watcher, target) = ($"sip:w{random.Next(30)}@contoso.com", $"sip:u{random.Next(80)}@contoso.com");
            latest[(watcher, target)] = k;
            _batcher.Enqueue(observer, watcher, View(target, k));
        }

        await RecordingObserver.WaitUntilAsync(() => latest.All(pair => observer.LastSequence(pair.Key) == pair.Value));

        Assert.All(observer.BatchSizes, size => Assert.InRange(size, 1, NotificationBatcher.MaxBatch));
        Assert.True(observer.NeverWentBackwards, "a watcher saw an older view after a newer one");
        Assert.True(observer.Received.Count < 20_000, $"{observer.Received.Count} delivered: nothing was coalesced");
    }

    [Fact]
    public async Task IdleObservers_AreDropped_NotOnTheFirstSweepAfterTheirLastMessage_AndComeBackWhenNeeded()
    {
        var observer = new RecordingObserver();
        _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:a@contoso.com", 1));
        await observer.WaitForAsync(changes: 1);
        var firstSweep = _batcher.RemoveIdle();
        var removed = 0;
        await RecordingObserver.WaitUntilAsync(() => (removed += _batcher.RemoveIdle()) == 1);
        var afterRemoval = _batcher.Observers;

        _batcher.Enqueue(observer, "sip:w@contoso.com", View("sip:a@contoso.com", 2));
        await observer.WaitForAsync(changes: 2);

        Assert.Equal(0, firstSweep);
        Assert.Equal(0, afterRemoval);
        Assert.Equal(1, _batcher.Observers);
        Assert.Equal([1, 2], observer.Received.Select(change => change.View.Sequence));
    }

    private static PresenceView View(string target, long sequence) => new() { Target = target, Sequence = sequence };

    /// <summary>An observer that records what it receives, optionally slow or held until released.</summary>
    private sealed class RecordingObserver : IPresenceObserver
    {
        private readonly ConcurrentQueue<PresenceChange> _received = new();
        private readonly ConcurrentQueue<int> _batchSizes = new();
        private readonly ConcurrentDictionary<(string, string), long> _last = new();
        private volatile bool _wentBackwards;

        public TaskCompletionSource? Gate { get; init; }

        public TimeSpan Delay { get; init; }

        public List<PresenceChange> Received => [.. _received];

        public List<int> BatchSizes => [.. _batchSizes];

        public bool NeverWentBackwards => !_wentBackwards;

        public long LastSequence((string, string) key) => _last.GetValueOrDefault(key);

        public async Task OnPresenceChangesAsync(PresenceChange[] changes)
        {
            _batchSizes.Enqueue(changes.Length);
            foreach (var change in changes)
            {
                var key = (change.Watcher, change.View.Target);
                if (_last.TryGetValue(key, out var last) && last >= change.View.Sequence)
                {
                    _wentBackwards = true;
                }

                _last[key] = change.View.Sequence;
                _received.Enqueue(change);
            }

            if (Gate is not null)
            {
                await Gate.Task;
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }
        }

        public Task WaitForAsync(int changes) => WaitUntilAsync(() => _received.Count >= changes);

        public Task WaitForBatchesAsync(int batches) => WaitUntilAsync(() => _batchSizes.Count >= batches);

        public static async Task WaitUntilAsync(Func<bool> condition)
        {
            for (var attempt = 0; attempt < 1000 && !condition(); attempt++)
            {
                await Task.Delay(10);
            }

            Assert.True(condition(), "timed out");
        }
    }
}
