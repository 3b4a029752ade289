using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PresenceCluster.Auth;

/// <summary>
/// Issues OAuth server-to-server tokens in the format of docs/oauth-s2s.md: an RS256 actor token with x5t, and for a
/// user an unsigned outer token carrying the user's claims and the actor token in <c>actort</c>.
/// </summary>
public sealed class S2STokenIssuer(OAuthOptions options, X509Certificate2 signingCertificate, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Our issuer: <c>appId@realm</c>.</summary>
    public string Issuer => $"{options.ApplicationId}@{options.Realm}";

    /// <summary>An app-only actor token for the partner <paramref name="partnerApplicationId"/> at <paramref name="partnerHost"/>.</summary>
    public string IssueActorToken(string partnerApplicationId, string partnerHost, bool trustedForDelegation = true)
    {
        var now = time.GetUtcNow();
        // X509SigningCredentials puts the certificate's x5t (and kid) in the header, as partners expect.
        var credentials = new X509SigningCredentials(signingCertificate, SecurityAlgorithms.RsaSha256);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience(partnerApplicationId, partnerHost),
            NotBefore = now.UtcDateTime,
            Expires = (now + options.TokenLifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["nameid"] = Issuer,
                ["trustedfordelegation"] = trustedForDelegation ? "true" : "false",
            },
            SigningCredentials = credentials,
        });
    }

    /// <summary>A user-delegated token: unsigned, carrying the user's SIP address and the actor token.</summary>
    public string IssueUserToken(string partnerApplicationId, string partnerHost, string userSipAddress)
    {
        var now = time.GetUtcNow();
        var header = JsonSerializer.Serialize(new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "none" });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["aud"] = Audience(partnerApplicationId, partnerHost),
            ["iss"] = Issuer,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + options.TokenLifetime).ToUnixTimeSeconds(),
            ["nameid"] = userSipAddress,
            ["sip"] = userSipAddress,
            ["actort"] = IssueActorToken(partnerApplicationId, partnerHost),
        });
        return $"{JwtSegments.Encode(header)}.{JwtSegments.Encode(payload)}.";
    }

    /// <summary>
    /// A user-delegated token in the form Exchange validates (MS-XOAUTH): unsigned, the user's UPN as <c>nameid</c>
    /// (with <c>smtp</c>, and <c>sip</c> when known), the identity provider as <c>nii</c>, and our signed actor token as
    /// <c>actortoken</c>; the outer issuer equals the actor token's <c>nameid</c>.
    /// </summary>
    public string IssueExchangeUserToken(string exchangeHost, string userPrincipalName, string? userSipAddress)
    {
        var now = time.GetUtcNow();
        var header = JsonSerializer.Serialize(new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "none" });
        var claims = new Dictionary<string, object>
        {
            ["aud"] = Audience(ExchangeApplicationId, exchangeHost),
            ["iss"] = Issuer,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + options.TokenLifetime).ToUnixTimeSeconds(),
            ["nameid"] = userPrincipalName,
            ["nii"] = "urn:office:idp:activedirectory",
            ["smtp"] = userPrincipalName,
            ["actortoken"] = IssueActorToken(ExchangeApplicationId, exchangeHost),
        };
        if (userSipAddress is not null)
        {
            claims["sip"] = userSipAddress;
        }

        return $"{JwtSegments.Encode(header)}.{JwtSegments.Encode(JsonSerializer.Serialize(claims))}.";
    }

    /// <summary>Exchange's well-known application id.</summary>
    public const string ExchangeApplicationId = "00000002-0000-0ff1-ce00-000000000000";

    private string Audience(string partnerApplicationId, string partnerHost) => $"{partnerApplicationId}/{partnerHost}@{options.Realm}";
}
