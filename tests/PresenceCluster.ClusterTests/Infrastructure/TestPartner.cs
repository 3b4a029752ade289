using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
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

    /// <summary>
    /// While true, the document is written as a SharePoint Server farm publishes it at this path: "Signing",
    /// "x509certificate", <c>keyvalue</c>, and the fields we do not use (id, version, realm, keyinfo, endpoints).
    /// </summary>
    public bool FarmShaped { get; set; }

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
                : Results.Text(partner.FarmShaped ? partner.FarmDocument() : new MetadataDocument($"{applicationId}@{realm}", applicationId, [partner.Certificate]).ToJson(), "application/json");
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

    /// <summary>
    /// An app-only actor token as SharePoint's high-trust code writes it: every claim a string, dates included
    /// (<c>"nbf":"1403212820"</c>), <c>nameid</c> the issuer, <c>trustedfordelegation</c> "true"; padded with an extra
    /// claim up to <paramref name="length"/> characters when one is given.
    /// </summary>
    public string HighTrustActorToken(string ourHost, DateTimeOffset notBefore, DateTimeOffset expires, int? length = null)
    {
        string Quoted(string value) => JsonSerializer.Serialize(value);
        var issuer = $"{ApplicationId}@{Realm}";
        var payload = $"{{\"aud\":{Quoted($"{OAuthOptions.LyncApplicationId}/{ourHost}@{Realm}")},\"iss\":{Quoted(issuer)},"
            + $"\"nbf\":\"{notBefore.ToUnixTimeSeconds()}\",\"exp\":\"{expires.ToUnixTimeSeconds()}\",\"nameid\":{Quoted(issuer)},\"trustedfordelegation\":\"true\"";
        var header = JwtSegments.Encode($"{{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"{S2STokenValidator.X5t(Certificate)}\"}}");
        string Sign(string body)
        {
            var input = $"{header}.{JwtSegments.Encode(body)}";
            var signature = Certificate.GetRSAPrivateKey()!.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return $"{input}.{Base64Url.EncodeToString(signature)}";
        }

        var token = Sign(payload + "}");
        if (length is not { } wanted || token.Length >= wanted)
        {
            return token;
        }

        // Base64url grows 4 characters per 3 bytes: start a little short and add a byte at a time.
        for (var pad = Math.Max(0, (wanted - token.Length) * 3 / 4 - 16); ; pad++)
        {
            token = Sign(payload + $",\"pad\":\"{new string('x', pad)}\"}}");
            if (token.Length >= wanted)
            {
                return token;
            }
        }
    }

    private string FarmDocument() => $$$"""
        {"id":"_6f0b3f5e-39d1-4b5c-9a4b-2f1d2f6c7a10","version":"1.0","name":"{{{ApplicationId}}}","realm":"{{{Realm}}}",
         "serviceName":"{{{ApplicationId}}}","issuer":"{{{ApplicationId}}}@{{{Realm}}}","allowedAudiences":["{{{ApplicationId}}}@{{{Realm}}}"],
         "keys":[{"usage":"Signing","keyinfo":{"x5t":"{{{S2STokenValidator.X5t(Certificate)}}}"},"keyvalue":{"type":"x509certificate","value":"{{{Convert.ToBase64String(Certificate.RawData)}}}"}}],
         "endpoints":[{"location":"https://sharepoint.test/_vti_bin/client.svc","protocol":"OAuth2","usage":"issuance"}]}
        """;

    public static X509Certificate2 CreateCertificate(string subject, DateTimeOffset? notAfter = null, DateTimeOffset? notBefore = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
