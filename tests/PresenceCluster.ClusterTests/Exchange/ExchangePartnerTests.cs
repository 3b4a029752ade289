using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.Auth;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Grains;
using PresenceCluster.Http.Partners;
using PresenceCluster.Identity;
using PresenceCluster.Partners;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>
/// The other half of Lync's trust with Exchange Server: Exchange registered as a partner application by its
/// <c>/autodiscover/metadata/json/1</c> (as <c>New-CsPartnerApplication -MetadataUrl</c> did), after which the tokens
/// Exchange signs — as itself, or acting for a mailbox user — are accepted by the silo's partner API, and tokens
/// not signed with Exchange's published key are not.
/// </summary>
public sealed class ExchangePartnerTests(ExchangePartnerTests.ExchangeTrustingSilo fixture) : IClassFixture<ExchangePartnerTests.ExchangeTrustingSilo>
{
    private const string Realm = "contoso.com";
    private const string OurHost = "presence.test";
    private readonly ExchangeEmulator.ExchangeEmulator _exchange = fixture.Exchange;
    private readonly PartnerInfo _registered = fixture.Registered;

    /// <summary>A silo with OAuth on that registered the emulated Exchange by its metadata URL.</summary>
    public sealed class ExchangeTrustingSilo : IAsyncLifetime
    {
        public SiloWebApplicationFactory Silo { get; } = new(new Dictionary<string, string?>
        {
            ["Sip:DefaultDomain"] = Realm,
            ["OAuth:HostName"] = OurHost,

            // Exchange acting as itself sees what External contacts see; acting for a user, what that user sees.
            ["OAuth:AppOnlyAccessLevel"] = "External",
        });

        public ExchangeEmulator.ExchangeEmulator Exchange { get; private set; } = null!;

        public PartnerInfo Registered { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Exchange = await ExchangeEmulator.ExchangeEmulator.StartAsync(realm: Realm);
            Registered = await Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key)
                .AddPartnerAsync(new PartnerRegistration { MetadataUrl = Exchange.MetadataUrl });
        }

        public async Task DisposeAsync()
        {
            await Silo.DisposeAsync();
            await Exchange.DisposeAsync();
        }
    }

    private IGrainFactory Grains => fixture.Silo.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task ExchangeRegisteredByItsMetadata_IsAPartnerWithItsWellKnownIdAndRealm()
    {
        var listed = Assert.Single(await Grains.GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key).ListPartnersAsync(), p => p.ApplicationId == ExchangeEmulator.ExchangeEmulator.ExchangeApplicationId);

        Assert.Equal(ExchangeEmulator.ExchangeEmulator.ExchangeApplicationId, _registered.ApplicationId);
        Assert.Equal(Realm, listed.Realm);
        Assert.Equal(_exchange.MetadataUrl, listed.MetadataUrl);
        Assert.Equal(TrustLevel.Full, listed.TrustLevel);
    }

    [Fact]
    public async Task ExchangesAppOnlyToken_ReadsPresence()
    {
        await Grains.GetGrain<IPresenceGrain>(UserGrainKey.Encode("sip:alice@contoso.com")).PublishEndpointAsync(new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer });
        await Grains.GetGrain<IPresenceGrain>(UserGrainKey.Encode("sip:alice@contoso.com")).SetManualStateAsync(ManualState.Busy, null);

        using var response = await PostPresenceAsync(_exchange.Identity.AppOnlyToken(OAuthOptions.LyncApplicationId, OurHost, DateTimeOffset.UtcNow), ["sip:alice@contoso.com"]);
        var answer = await response.Content.ReadFromJsonAsync<PartnerPresenceResponse>(PartnerPresenceApi.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphAvailability.Busy, Assert.Single(answer!.Presence).GraphAvailability);
    }

    [Fact]
    public async Task ExchangesTokenForAMailboxUser_ReadsPresenceWithThatUsersPrivacy_AndOnlyForUsersOfItsRealm()
    {
        await Grains.GetGrain<IPresenceGrain>(UserGrainKey.Encode("sip:carol@contoso.com")).SetOofNoteAsync(new OofNote { Text = "Back on Monday" });
        var now = DateTimeOffset.UtcNow;

        using var asColleague = await PostPresenceAsync(_exchange.Identity.UserToken(OAuthOptions.LyncApplicationId, OurHost, "bob@contoso.com", "sip:bob@contoso.com", now), ["sip:carol@contoso.com"]);
        using var asItself = await PostPresenceAsync(_exchange.Identity.AppOnlyToken(OAuthOptions.LyncApplicationId, OurHost, now), ["sip:carol@contoso.com"]);
        using var forAnotherRealm = await PostPresenceAsync(_exchange.Identity.UserToken(OAuthOptions.LyncApplicationId, OurHost, "erin@fabrikam.com", "sip:erin@fabrikam.com", now), ["sip:carol@contoso.com"]);

        Assert.Equal(HttpStatusCode.OK, asColleague.StatusCode);
        Assert.Equal("Back on Monday", Assert.Single((await asColleague.Content.ReadFromJsonAsync<PartnerPresenceResponse>(PartnerPresenceApi.Json))!.Presence).OofNote?.Text);
        Assert.Equal(HttpStatusCode.OK, asItself.StatusCode);
        Assert.Null(Assert.Single((await asItself.Content.ReadFromJsonAsync<PartnerPresenceResponse>(PartnerPresenceApi.Json))!.Presence).OofNote);
        Assert.Equal(HttpStatusCode.Unauthorized, forAnotherRealm.StatusCode);
    }

    [Fact]
    public async Task TokenNotSignedWithExchangesPublishedKey_IsRefused_AsIsOneForAnotherServer()
    {
        using var forger = TestPartner.CreateCertificate("CN=Microsoft Exchange Server Auth Certificate");
        using var forged = await PostPresenceAsync(_exchange.Identity.AppOnlyToken(OAuthOptions.LyncApplicationId, OurHost, DateTimeOffset.UtcNow, forger), ["sip:alice@contoso.com"]);
        using var elsewhere = await PostPresenceAsync(_exchange.Identity.AppOnlyToken(OAuthOptions.LyncApplicationId, "other.test", DateTimeOffset.UtcNow), ["sip:alice@contoso.com"]);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        using var problem = JsonDocument.Parse(await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal((int)TokenFailure.WrongAudience, problem.RootElement.GetProperty("reasonCode").GetInt32());
    }

    private async Task<HttpResponseMessage> PostPresenceAsync(string token, string[] targets)
    {
        using var http = fixture.Silo.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, PartnerPresenceApi.Path) { Content = JsonContent.Create(targets) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
