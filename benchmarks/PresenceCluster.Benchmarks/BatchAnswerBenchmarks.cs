using BenchmarkDotNet.Attributes;
using PresenceCluster.Presence;
using PresenceCluster.Query;

namespace PresenceCluster.Benchmarks;

/// <summary>The silo side of a batch query: look each target up in the read index and pick the watcher's view.</summary>
[Config(typeof(HotPathConfig))]
public class BatchAnswerBenchmarks
{
    private readonly PresenceReadIndex _index = new();
    private string[] _targets = [];

    [Params(100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 10_000; i++)
        {
            _index.Apply(SampleData.Entry(i, contacts: 40), SampleData.Now);
        }

        _targets = [.. Enumerable.Range(0, BatchSize).Select(i => $"sip:user{i * 7 % 10_000}@contoso.com")];
    }

    [Benchmark]
    public PresenceView[] AnswerBatch()
    {
        var views = new PresenceView[_targets.Length];
        for (var i = 0; i < _targets.Length; i++)
        {
            views[i] = _index.Find(_targets[i], SampleData.Now)!.ViewFor("sip:user3@contoso.com");
        }

        return views;
    }
}
