using System.Diagnostics;
using HdrHistogram;

namespace PresenceCluster.LoadTest;

/// <summary>What one measured variant did: operations, items (lookups or notifications) and latency percentiles.</summary>
public sealed record class Measurement(string Name, long Operations, long Items, double Seconds, double P50Ms, double P99Ms, double P999Ms)
{
    public double ItemsPerSecond => Seconds > 0 ? Items / Seconds : 0;

    public static Measurement From(string name, long operations, long items, TimeSpan elapsed, HistogramBase latency) =>
        latency.TotalCount == 0
            ? new(name, operations, items, elapsed.TotalSeconds, double.NaN, double.NaN, double.NaN)
            : new(
                name,
                operations,
                items,
                elapsed.TotalSeconds,
                ToMilliseconds(latency.GetValueAtPercentile(50)),
                ToMilliseconds(latency.GetValueAtPercentile(99)),
                ToMilliseconds(latency.GetValueAtPercentile(99.9)));

    public static LongHistogram NewHistogram() => new(TimeStamp.Minutes(5), 3);

    private static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// Runs callers in a closed loop for a fixed time, each recording its own latencies, after an unmeasured warm-up of
/// the same loop (a fifth of the time, at most two seconds): every variant is measured warm (JIT tiers, connection
/// pools, caches), not only the first one.
/// </summary>
public static class ClosedLoop
{
    /// <param name="name">The variant's name in the report.</param>
    /// <param name="callers">Concurrent callers.</param>
    /// <param name="duration">How long to measure.</param>
    /// <param name="operation">One operation of one caller; returns how many items it served.</param>
    /// <param name="progress">Where to report throughput every two seconds.</param>
    public static async Task<Measurement> RunAsync(string name, int callers, TimeSpan duration, Func<int, long, Task<int>> operation, Action<string>? progress = null)
    {
        var warmUp = duration / 5 < TimeSpan.FromSeconds(2) ? duration / 5 : TimeSpan.FromSeconds(2);
        await MeasureAsync(name, callers, warmUp, operation, null);
        return await MeasureAsync(name, callers, duration, operation, progress);
    }

    private static async Task<Measurement> MeasureAsync(string name, int callers, TimeSpan duration, Func<int, long, Task<int>> operation, Action<string>? progress)
    {
        var histograms = new LongHistogram[callers];
        var items = new long[callers];
        var operations = new long[callers];
        var clock = Stopwatch.StartNew();
        var end = duration;
        using var ticker = new Timer(_ => progress?.Invoke($"  {name}: {items.Sum() / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var histogram = histograms[caller] = Measurement.NewHistogram();
            long n = 0;
            while (clock.Elapsed < end)
            {
                var start = Stopwatch.GetTimestamp();
                items[caller] += await operation(caller, n++);
                histogram.RecordValue(Stopwatch.GetTimestamp() - start);
            }

            operations[caller] = n;
        })));
        var elapsed = clock.Elapsed;
        var total = Measurement.NewHistogram();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }

        return Measurement.From(name, operations.Sum(), items.Sum(), elapsed, total);
    }
}
