using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

/// <summary>The token the EWS backend sends: the form Exchange Server validates for a partner acting for a user (MS-XOAUTH).</summary>
public sealed class ExchangeUserTokenTests
{
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Ours = TestCertificates.Create("CN=presence");

    [Fact]
    public async Task ExchangeUserToken_IsAnUnsignedOuterToken_AroundOurSignedActorToken_ThatExchangeAccepts()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var issuer = new S2STokenIssuer(new OAuthOptions { Realm = "contoso.com", HostName = "presence.contoso.com" }, Ours, time);
        const string Audience = "00000002-0000-0ff1-ce00-000000000000/mail.contoso.com@contoso.com";

        var token = issuer.IssueExchangeUserToken("mail.contoso.com", "alice@contoso.com", "sip:alice@contoso.com");

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Empty(parts[2]);
        var header = Decode(parts[0]);
        var outer = Decode(parts[1]);
        Assert.Equal("none", header.GetProperty("alg").GetString());
        Assert.Equal(Audience, outer.GetProperty("aud").GetString());
        Assert.Equal("alice@contoso.com", outer.GetProperty("nameid").GetString());
        Assert.Equal("alice@contoso.com", outer.GetProperty("smtp").GetString());
        Assert.Equal("sip:alice@contoso.com", outer.GetProperty("sip").GetString());
        Assert.Equal("urn:office:idp:activedirectory", outer.GetProperty("nii").GetString());
        Assert.False(outer.TryGetProperty("actort", out _));

        var actor = await new JsonWebTokenHandler().ValidateTokenAsync(outer.GetProperty("actortoken").GetString(), new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(Ours),
            ValidAudience = Audience,
            ValidateIssuer = false,
            LifetimeValidator = (_, expires, _, _) => expires > time.GetUtcNow().UtcDateTime,
        });
        Assert.True(actor.IsValid, actor.Exception?.Message);
        Assert.Equal(outer.GetProperty("iss").GetString(), actor.ClaimsIdentity.FindFirst("nameid")?.Value);
        Assert.Equal("true", actor.ClaimsIdentity.FindFirst("trustedfordelegation")?.Value);
    }

    private static JsonElement Decode(string segment) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment))).RootElement;
}
