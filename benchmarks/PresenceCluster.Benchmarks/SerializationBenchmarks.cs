using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.Benchmarks;

/// <summary>What a view costs on the wire with Orleans' serializer: one view, and a 100-view batch answer.</summary>
[Config(typeof(HotPathConfig))]
public class SerializationBenchmarks
{
    private Serializer<PresenceView> _view = null!;
    private Serializer<PresenceView[]> _batch = null!;
    private PresenceView _colleagueView = null!;
    private PresenceView[] _answer = [];
    private byte[] _viewBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(PresenceView).Assembly)).BuildServiceProvider();
        _view = services.GetRequiredService<Serializer<PresenceView>>();
        _batch = services.GetRequiredService<Serializer<PresenceView[]>>();
        _colleagueView = SampleData.Entry(1, contacts: 40).Views[(int)ViewAudience.Colleagues];
        _answer = [.. Enumerable.Range(0, 100).Select(i => SampleData.Entry(i, contacts: 0).Views[(int)ViewAudience.Colleagues])];
        _viewBytes = _view.SerializeToArray(_colleagueView);
    }

    [Benchmark]
    public byte[] SerializeView() => _view.SerializeToArray(_colleagueView);

    [Benchmark]
    public PresenceView DeserializeView() => _view.Deserialize(_viewBytes)!;

    [Benchmark]
    public byte[] SerializeBatchOf100() => _batch.SerializeToArray(_answer);
}
