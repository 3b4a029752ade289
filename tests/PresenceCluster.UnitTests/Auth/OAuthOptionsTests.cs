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
            default: options.MaxTokenLength = 0; break;
        }

        Assert.StartsWith(message, Assert.Single(options.Validate()), StringComparison.Ordinal);
    }
}
