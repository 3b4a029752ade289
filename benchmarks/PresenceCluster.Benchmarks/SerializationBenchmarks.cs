using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.Benchmarks;

/// <summary>
/// What a view costs on the wire: Orleans' serializer (one view, a 100-view answer) next to the compact encoding the
/// batch path sends (encoded once per change on the silo, decoded by the SDK).
/// </summary>
[Config(typeof(HotPathConfig))]
public class SerializationBenchmarks
{
    private Serializer<PresenceView> _view = null!;
    private Serializer<PresenceView[]> _batch = null!;
    private PresenceView _colleagueView = null!;
    private PresenceView[] _answer = [];
    private byte[] _viewBytes = [];
    private byte[] _encodedView = [];
    private EncodedPresenceViews _encodedAnswer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(PresenceView).Assembly)).BuildServiceProvider();
        _view = services.GetRequiredService<Serializer<PresenceView>>();
        _batch = services.GetRequiredService<Serializer<PresenceView[]>>();
        _colleagueView = SampleData.Entry(1, contacts: 40).Views[(int)ViewAudience.Colleagues];
        _answer = [.. Enumerable.Range(0, 100).Select(i => SampleData.Entry(i, contacts: 0).Views[(int)ViewAudience.Colleagues])];
        _viewBytes = _view.SerializeToArray(_colleagueView);
        _encodedView = PresenceViewEncoding.Encode(_colleagueView);
        _encodedAnswer = EncodedPresenceViews.Join([.. _answer.Select(PresenceViewEncoding.Encode)]);
    }

    [Benchmark]
    public byte[] SerializeView() => _view.SerializeToArray(_colleagueView);

    [Benchmark]
    public PresenceView DeserializeView() => _view.Deserialize(_viewBytes)!;

    [Benchmark]
    public byte[] SerializeBatchOf100() => _batch.SerializeToArray(_answer);

    [Benchmark]
    public byte[] EncodeView() => PresenceViewEncoding.Encode(_colleagueView);

    [Benchmark]
    public PresenceView DecodeView() => PresenceViewEncoding.Decode(_encodedView);

    [Benchmark]
    public PresenceView[] DecodeAnswerOf100() => _encodedAnswer.Decode();
}
