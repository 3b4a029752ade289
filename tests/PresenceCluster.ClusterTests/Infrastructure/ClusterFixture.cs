namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>The shared two-silo cluster most tests run against; each test uses users of its own.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PresenceTestCluster? _cluster;

    public PresenceTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() => _cluster = await PresenceTestCluster.StartAsync(PresenceTestCluster.NewDataDirectory());

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            Directory.Delete(_cluster.DataDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Two-silo cluster";
}
