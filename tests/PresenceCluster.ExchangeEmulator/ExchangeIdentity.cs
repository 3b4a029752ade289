using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// Exchange Server as an OAuth partner of the cluster, the other half of Lync's S2S trust: its auth metadata document
/// at <c>/autodiscover/metadata/json/1</c> (the URL a Lync administrator gave <c>New-CsPartnerApplication</c>) with its
/// own RSA-2048 signing certificate, and the tokens Exchange signs when it calls the presence server — app-only actor
/// tokens, and user tokens (an unsigned outer token for the mailbox user around the signed actor token).
/// </summary>
public sealed class ExchangeIdentity(string realm)
{
    /// <summary>The metadata document's path.</summary>
    public const string MetadataPath = "/autodiscover/metadata/json/1";

    /// <summary>Exchange's signing certificate.</summary>
    public X509Certificate2 Certificate { get; } = CreateCertificate();

    /// <summary>Exchange's issuer: its application id at the realm.</summary>
    public string Issuer => $"{ExchangeEmulator.ExchangeApplicationId}@{realm}";

    /// <summary>The metadata document, as Exchange Server publishes it.</summary>
    public string MetadataDocument(Uri metadataUrl) => new JsonObject
    {
        ["id"] = "_" + new Guid(SHA256.HashData(Certificate.RawData)[..16]).ToString("D"),
        ["version"] = "1.0",
        ["name"] = "Exchange",
        ["realm"] = realm,
        ["serviceName"] = ExchangeEmulator.ExchangeApplicationId,
        ["issuer"] = Issuer,
        ["allowedAudiences"] = new JsonArray(Issuer),
        ["keys"] = new JsonArray(new JsonObject
        {
            ["usage"] = "Signing",
            ["keyinfo"] = new JsonObject { ["x5t"] = Base64UrlEncoder.Encode(Certificate.GetCertHash()) },
            ["keyvalue"] = new JsonObject { ["type"] = "x509Certificate", ["value"] = Convert.ToBase64String(Certificate.RawData) },
        }),
        ["endpoints"] = new JsonArray(new JsonObject { ["location"] = metadataUrl.ToString(), ["protocol"] = "OAuth2", ["usage"] = "metadata" }),
    }.ToJsonString();

    /// <summary>An app-only token for <paramref name="partnerApplicationId"/> at <paramref name="partnerHost"/>, signed with <paramref name="signer"/> (default: Exchange's certificate).</summary>
    public string AppOnlyToken(string partnerApplicationId, string partnerHost, DateTimeOffset now, X509Certificate2? signer = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["aud"] = $"{partnerApplicationId}/{partnerHost}@{realm}",
                ["iss"] = Issuer,
                ["nbf"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.AddHours(8).ToUnixTimeSeconds(),
                ["nameid"] = Issuer,
                ["trustedfordelegation"] = "true",
            },
            SigningCredentials = new X509SigningCredentials(signer ?? Certificate, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>A token acting for the mailbox user <paramref name="smtp"/> (SIP <paramref name="sip"/>): unsigned outer token, the signed actor token inside.</summary>
    public string UserToken(string partnerApplicationId, string partnerHost, string smtp, string sip, DateTimeOffset now)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["aud"] = $"{partnerApplicationId}/{partnerHost}@{realm}",
            ["iss"] = Issuer,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(8).ToUnixTimeSeconds(),
            ["nameid"] = smtp,
            ["nii"] = "urn:office:idp:activedirectory",
            ["smtp"] = smtp,
            ["sip"] = sip,
            ["actortoken"] = AppOnlyToken(partnerApplicationId, partnerHost, now),
        });
        return $"{Base64UrlEncoder.Encode("{\"typ\":\"JWT\",\"alg\":\"none\"}")}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.";
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Microsoft Exchange Server Auth Certificate", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }
}
