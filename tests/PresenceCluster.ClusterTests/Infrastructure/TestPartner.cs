using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
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

    private readonly WebApplication _server;

    private TestPartner(WebApplication server, string realm, string applicationId)
    {
        _server = server;
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

    public Uri MetadataUrl => new(new Uri(_server.Urls.First()), MetadataPath);

    public static async Task<TestPartner> StartAsync(string realm, string applicationId = SharePointId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = builder.Build();
        var partner = new TestPartner(server, realm, applicationId);
        server.MapGet(MetadataPath, () =>
        {
            partner.Fetches++;
            return partner.Failing
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Text(new MetadataDocument($"{applicationId}@{realm}", applicationId, [partner.Certificate]).ToJson(), "application/json");
        });
        await server.StartAsync();
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

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
