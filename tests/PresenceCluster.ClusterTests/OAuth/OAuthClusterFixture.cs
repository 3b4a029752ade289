using System.Security.Cryptography.X509Certificates;
using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.OAuth;

/// <summary>A two-silo cluster with OAuth on (realm contoso.com), its presence clock fake, for the registry tests.</summary>
public sealed class OAuthClusterFixture : IAsyncLifetime
{
    public const string Realm = "contoso.com";
    public const string OurHost = "presence.test";

    /// <summary>The partner declared in the silos' configuration (OAuth:Partners), by certificate.</summary>
    public const string ConfiguredPartnerId = "20000000-0000-0000-0000-00000000000c";
    private PresenceTestCluster? _cluster;

    public PresenceTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public X509Certificate2 ConfiguredPartnerCertificate { get; } = TestPartner.CreateCertificate("CN=configured-partner");

    /// <summary>Makes the cluster's storage refuse writes while set.</summary>
    public StorageFaults StorageFaults { get; } = new();

    public async Task InitializeAsync()
    {
        var dataDirectory = PresenceTestCluster.NewDataDirectory();
        var certificatePath = Path.Combine(dataDirectory, "configured-partner.cer");
        await File.WriteAllBytesAsync(certificatePath, ConfiguredPartnerCertificate.RawData);
        _cluster = await PresenceTestCluster.StartAsync(
            dataDirectory,
            settings: new Dictionary<string, string?>
            {
                ["Sip:DefaultDomain"] = Realm,
                ["OAuth:HostName"] = OurHost,
                ["OAuth:MetadataRefreshInterval"] = "01:00:00",
                ["OAuth:Partners:0:ApplicationId"] = ConfiguredPartnerId,
                ["OAuth:Partners:0:Realm"] = Realm,
                ["OAuth:Partners:0:CertificatePaths:0"] = certificatePath,
                ["OAuth:Partners:0:TrustLevel"] = "Application",
            },
            storageFaults: StorageFaults);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            Directory.Delete(_cluster.DataDirectory, recursive: true);
        }
    }
}
