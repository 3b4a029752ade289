using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>Exchange Server through EWS, with the cluster's own S2S tokens checked as Exchange checks a partner's.</summary>
public sealed class EwsConnectorTests : MailboxConnectorTests
{
    [Fact]
    public async Task TokensForAnotherRealm_AreRefusedByExchange_AndTheConnectorSaysWhy()
    {
        var alice = Users.New("alice");
        await SignInAsync(alice);
        Exchange.Realm = "fabrikam.com";

        var updated = await PollAsync();

        Assert.Equal(0, updated);
        Assert.True(Exchange.RefusedTokens > 0);
        Assert.Contains(Pollers(), poller => poller.Health.LastError?.Contains("partner application", StringComparison.Ordinal) == true);
    }

    protected override Dictionary<string, string?> Settings(ExchangeEmulator.ExchangeEmulator exchange) => new()
    {
        ["Exchange:Backend"] = "Ews",
        ["Exchange:Ews:Url"] = exchange.EwsUrl.ToString(),
        ["OAuth:Realm"] = "contoso.com",
        ["OAuth:HostName"] = "presence.contoso.com",
    };

    protected override void AssertProtocolHealthy(ExchangeEmulator.ExchangeEmulator exchange) => Assert.Equal(0, exchange.RefusedTokens);
}
