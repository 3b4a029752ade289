using BenchmarkDotNet.Attributes;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.Benchmarks;

/// <summary>What one presence change costs the grain: aggregate, then build the view of every audience.</summary>
[Config(typeof(HotPathConfig))]
public class AggregationBenchmarks
{
    private readonly PresenceRecord _record = SampleData.Record(1);
    private readonly EndpointRecord[] _endpoints = SampleData.Endpoints();
    private AggregatedPresence _presence = null!;

    [GlobalSetup]
    public void Setup() => _presence = PresenceAggregator.Aggregate(_record, _endpoints, SampleData.Now, SampleData.Timings);

    [Benchmark]
    public AggregatedPresence Aggregate() => PresenceAggregator.Aggregate(_record, _endpoints, SampleData.Now, SampleData.Timings);

    [Benchmark]
    public PresenceView BuildColleagueView() => PrivacyFilter.Build("sip:user1@contoso.com", 1, _presence, _record, ViewAudience.Colleagues);

    [Benchmark]
    public int BuildEveryAudienceView()
    {
        var built = 0;
        foreach (var audience in PrivacyFilter.Audiences)
        {
            built += PrivacyFilter.Build("sip:user1@contoso.com", 1, _presence, _record, audience).Availability > 0 ? 1 : 0;
        }

        return built;
    }
}
