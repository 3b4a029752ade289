using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PresenceCluster.Auth;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// A partner application (SharePoint's well-known id) with a real RSA-2048 certificate: it signs S2S tokens for us
/// and serves its metadata document over real HTTP on loopback, and can be told to fail or to rotate its key.
/// </summary>
public sealed class TestPartner : IAsyncDisposable
{
    public const string SharePointId = "00000003-0000-0ff1-ce00-000000000000";
    public const string MetadataPath = "/_layouts/15/metadata/json/1";

    private LoopbackHttpServer _server = null!;

    private TestPartner(string realm, string applicationId)
    {
        Realm = realm;
        ApplicationId = applicationId;
    }

    public string Realm { get; }

    public string ApplicationId { get; }

    public X509Certificate2 Certificate { get; set; } = CreateCertificate("CN=sharepoint.test");

    /// <summary>While true, the metadata document answers 503.</summary>
    public bool Failing { get; set; }

    /// <summary>How many times the document was fetched.</summary>
    public int Fetches { get; private set; }

    public Uri MetadataUrl => new(_server.Address, MetadataPath);

    public static async Task<TestPartner> StartAsync(string realm, string applicationId = SharePointId)
    {
        var partner = new TestPartner(realm, applicationId);
        partner._server = await LoopbackHttpServer.StartAsync(routes => routes.MapGet(MetadataPath, () =>
        {
            partner.Fetches++;
            return partner.Failing
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Text(new MetadataDocument($"{applicationId}@{realm}", applicationId, [partner.Certificate]).ToJson(), "application/json");
        }));
        return partner;
    }

    /// <summary>A token issuer as the partner.</summary>
    public S2STokenIssuer Issuer(TimeProvider? time = null) =>
        new(new OAuthOptions { Realm = Realm, ApplicationId = ApplicationId, HostName = "sharepoint.test" }, Certificate, time ?? TimeProvider.System);

    public string AppOnlyToken(string ourHost, TimeProvider? time = null) =>
        Issuer(time).IssueActorToken(OAuthOptions.LyncApplicationId, ourHost);

    public string UserToken(string ourHost, string user, TimeProvider? time = null) =>
        Issuer(time).IssueUserToken(OAuthOptions.LyncApplicationId, ourHost, user);

    public static X509Certificate2 CreateCertificate(string subject, DateTimeOffset? notAfter = null, DateTimeOffset? notBefore = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
