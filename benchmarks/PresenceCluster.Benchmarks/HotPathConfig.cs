using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace PresenceCluster.Benchmarks;

/// <summary>Memory and latency percentiles for every micro benchmark.</summary>
public sealed class HotPathConfig : ManualConfig
{
    public HotPathConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.OperationsPerSecond);
    }
}
