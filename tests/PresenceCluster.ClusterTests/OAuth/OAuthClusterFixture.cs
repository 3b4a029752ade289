using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.OAuth;

/// <summary>A two-silo cluster with OAuth on (realm contoso.com), its presence clock fake, for the registry tests.</summary>
public sealed class OAuthClusterFixture : IAsyncLifetime
{
    public const string Realm = "contoso.com";
    public const string OurHost = "presence.test";
    private PresenceTestCluster? _cluster;

    public PresenceTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() => _cluster = await PresenceTestCluster.StartAsync(
        PresenceTestCluster.NewDataDirectory(),
        settings: new Dictionary<string, string?>
        {
            ["Sip:DefaultDomain"] = Realm,
            ["OAuth:HostName"] = OurHost,
            ["OAuth:MetadataRefreshInterval"] = "01:00:00",
        });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            Directory.Delete(_cluster.DataDirectory, recursive: true);
        }
    }
}
