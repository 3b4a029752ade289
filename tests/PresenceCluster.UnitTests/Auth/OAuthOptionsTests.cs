using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

public sealed class OAuthOptionsTests
{
    [Fact]
    public void Defaults_WithRealmAndHost_AreValidAndUseTheLyncId()
    {
        var options = new OAuthOptions { Realm = "contoso.com", HostName = "presence.contoso.com" };

        Assert.Empty(options.Validate());
        Assert.Equal("00000004-0000-0ff1-ce00-000000000000/presence.contoso.com@contoso.com", options.OwnAudience);
    }

    [Theory]
    [InlineData("Realm", "OAuth:Realm is empty")]
    [InlineData("HostName", "OAuth:HostName is empty")]
    [InlineData("ApplicationId", "OAuth:ApplicationId 'a@b' must be non-empty without '@' or '/'.")]
    [InlineData("TokenLifetime", "OAuth:TokenLifetime is 2.00:00:00")]
    [InlineData("ClockSkew", "OAuth:ClockSkew is 00:11:00")]
    [InlineData("MaxTokenLength", "OAuth:MaxTokenLength is 0")]
    [InlineData("MetadataRefreshInterval", "OAuth:MetadataRefreshInterval is 00:00:30")]
    [InlineData("SyncInterval", "OAuth:SyncInterval is 00:00:01")]
    [InlineData("AppOnlyAccessLevel", "OAuth:AppOnlyAccessLevel is Blocked")]
    [InlineData("PartnerWithNeither", "OAuth:Partners:0 needs either MetadataUrl or CertificatePaths")]
    [InlineData("PartnerRelativeUrl", "OAuth:Partners:0:MetadataUrl 'metadata/json/1' is not an absolute URL.")]
    [InlineData("PartnerMissingFile", "OAuth:Partners:0:CertificatePaths names '/nonexistent/partner.cer', which does not exist.")]
    public void Invalid_IsReportedNamingTheSetting(string setting, string message)
    {
        var options = new OAuthOptions { Realm = "contoso.com", HostName = "presence.contoso.com" };
        switch (setting)
        {
            case "Realm": options.Realm = ""; break;
            case "HostName": options.HostName = " "; break;
            case "ApplicationId": options.ApplicationId = "a@b"; break;
            case "TokenLifetime": options.TokenLifetime = TimeSpan.FromDays(2); break;
            case "ClockSkew": options.ClockSkew = TimeSpan.FromMinutes(11); break;
            case "MetadataRefreshInterval": options.MetadataRefreshInterval = TimeSpan.FromSeconds(30); break;
            case "SyncInterval": options.SyncInterval = TimeSpan.FromSeconds(1); break;
            case "AppOnlyAccessLevel": options.AppOnlyAccessLevel = PresenceCluster.Privacy.AccessLevel.Blocked; break;
            case "PartnerWithNeither": options.Partners.Add(new ConfiguredPartner { ApplicationId = "x", Realm = "contoso.com" }); break;
            case "PartnerRelativeUrl": options.Partners.Add(new ConfiguredPartner { MetadataUrl = "metadata/json/1" }); break;
            case "PartnerMissingFile":
                var partner = new ConfiguredPartner { ApplicationId = "x", Realm = "contoso.com" };
                partner.CertificatePaths.Add("/nonexistent/partner.cer");
                options.Partners.Add(partner);
                break;
            default: options.MaxTokenLength = 0; break;
        }

        Assert.StartsWith(message, Assert.Single(options.Validate()), StringComparison.Ordinal);
    }
}
