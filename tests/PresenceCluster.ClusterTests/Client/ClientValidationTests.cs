using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Identity;

namespace PresenceCluster.ClusterTests.Client;

[Collection(ClusterCollection.Name)]
public sealed class ClientValidationTests(ClusterFixture fixture)
{
    private PresenceTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task MissingUser_IsRefusedWithTypedError()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Cluster.Client.SetNoteAsync(null!, "x"));

        Assert.Equal("user", error.Parameter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task BatchOutsideOneToAThousand_IsRefused(int count)
    {
        var targets = Enumerable.Range(0, count).Select(i => SipUri.Parse($"sip:u{i}@contoso.com")).ToArray();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Cluster.Client.QueryPresenceAsync(Users.New("bob"), targets));

        Assert.Equal("targets", error.Parameter);
        Assert.Contains("1–1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThousandTargets_AreAnsweredInOrder()
    {
        var targets = Enumerable.Range(0, 1000).Select(i => Users.New($"t{i}")).ToArray();

        var views = await Cluster.Client.QueryPresenceAsync(Users.New("bob"), targets);

        Assert.Equal(targets.Select(t => t.Value), views.Select(v => v.Target));
    }

    [Fact]
    public async Task GrainBoundary_NonNormalisedUris_AreRefused()
    {
        var query = Cluster.Cluster.Client.GetGrain<IPresenceQueryGrain>(0);

        var watcher = await Assert.ThrowsAsync<InvalidInputException>(() => query.QueryAsync("SIP:Bob@contoso.com", ["sip:alice@contoso.com"]));
        var target = await Assert.ThrowsAsync<InvalidInputException>(() => query.QueryAsync("sip:bob@contoso.com", ["sip:alice@contoso.com", "alice"]));

        Assert.Equal("watcher", watcher.Parameter);
        Assert.Equal("targets[1]", target.Parameter);
    }

    [Fact]
    public async Task UrisDifferingOnlyInCase_AreTheSameUser()
    {
        var alice = Users.New("alice");
        await Cluster.Client.SetNoteAsync(SipUri.Parse(alice.Value.ToUpperInvariant()), "shouted");

        var own = await Cluster.Client.GetOwnPresenceAsync(alice);

        Assert.Equal("shouted", own.Note);
        Assert.Equal(alice.Value, own.Target);
    }
}

public sealed class ClientOptionsTests
{
    [Theory]
    [InlineData("LocalGatewayPort")]
    [InlineData("ConnectTimeout")]
    [InlineData("SubscriptionRenewalInterval")]
    [InlineData("Gateways")]
    public async Task ConnectAsync_BadOption_IsRefusedBeforeConnecting(string option)
    {
        var options = new PresenceCluster.Client.PresenceClientOptions();
        switch (option)
        {
            case "LocalGatewayPort": options.LocalGatewayPort = 0; break;
            case "ConnectTimeout": options.ConnectTimeout = TimeSpan.Zero; break;
            case "SubscriptionRenewalInterval": options.SubscriptionRenewalInterval = TimeSpan.FromMilliseconds(10); break;
            default: options.Gateways.Add("localhost"); break;
        }

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => PresenceCluster.Client.PresenceClusterClient.ConnectAsync(options));

        Assert.Equal("options." + option, error.Parameter);
    }
}
