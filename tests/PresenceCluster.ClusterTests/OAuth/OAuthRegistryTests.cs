using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.Auth;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Grains;
using PresenceCluster.OAuth;
using PresenceCluster.Partners;

namespace PresenceCluster.ClusterTests.OAuth;

/// <summary>
/// The cluster's OAuth trust across two silos: a change made through the registry is used by every silo's token
/// validation as soon as the call returns; a partner whose metadata fails to refresh keeps its last good keys and
/// shows the failure; a staged certificate signs from its date on every silo. Partners serve real HTTP.
/// </summary>
public sealed class OAuthRegistryTests(OAuthClusterFixture fixture) : IClassFixture<OAuthClusterFixture>
{
    private PresenceTestCluster Cluster => fixture.Cluster;

    private IOAuthRegistryGrain Registry => Cluster.Cluster.Client.GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key);

    private IEnumerable<IServiceProvider> Silos => Cluster.Cluster.Silos.Select(s => s.ServiceProvider);

    [Fact]
    public async Task PartnerChanges_ReachEverySilo_BeforeTheCallReturns()
    {
        await using var partner = await TestPartner.StartAsync(OAuthClusterFixture.Realm, "10000000-0000-0000-0000-000000000001");
        await Registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = partner.MetadataUrl });

        foreach (var silo in Silos)
        {
            Assert.Equal(TokenFailure.None, (await Validate(silo, partner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time))).Failure);
        }

        await Registry.SetPartnerEnabledAsync(partner.ApplicationId, false);
        foreach (var silo in Silos)
        {
            Assert.Equal(TokenFailure.PartnerDisabled, (await Validate(silo, partner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time))).Failure);
        }

        await Registry.RemovePartnerAsync(partner.ApplicationId);
        foreach (var silo in Silos)
        {
            Assert.Equal(TokenFailure.UnknownIssuer, (await Validate(silo, partner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time))).Failure);
        }
    }

    [Fact]
    public async Task FailedRefresh_KeepsTheLastGoodKeys_AndShowsWhy_UntilTheNextGoodOne()
    {
        await using var partner = await TestPartner.StartAsync(OAuthClusterFixture.Realm, "10000000-0000-0000-0000-000000000002");
        await Registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = partner.MetadataUrl });
        var firstKeyToken = partner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time);

        partner.Failing = true;
        Cluster.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.DoesNotContain(await Registry.RefreshPartnersAsync(force: false), p => p.ApplicationId == partner.ApplicationId);
        Cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var failed = Assert.Single(await Registry.RefreshPartnersAsync(force: false), p => p.ApplicationId == partner.ApplicationId);

        Assert.Contains("HTTP 503", failed.LastRefreshError, StringComparison.Ordinal);
        Assert.Equal(Cluster.Time.GetUtcNow(), failed.LastRefreshFailed);
        Assert.Equal([S2STokenValidator.X5t(partner.Certificate)], failed.Keys.Select(k => k.Thumbprint));
        foreach (var silo in Silos)
        {
            Assert.Equal(TokenFailure.None, (await Validate(silo, firstKeyToken)).Failure);
        }

        // The partner rotates its key and its server recovers: the next refresh takes the new key, the old one goes.
        partner.Certificate = TestPartner.CreateCertificate("CN=sharepoint-rotated");
        partner.Failing = false;
        Cluster.Time.Advance(TimeSpan.FromHours(1));
        var refreshed = Assert.Single(await Registry.RefreshPartnersAsync(force: false), p => p.ApplicationId == partner.ApplicationId);

        Assert.Null(refreshed.LastRefreshError);
        foreach (var silo in Silos)
        {
            Assert.Equal(TokenFailure.None, (await Validate(silo, partner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time))).Failure);
            Assert.Equal(TokenFailure.UnknownKey, (await Validate(silo, firstKeyToken)).Failure);
        }
    }

    [Fact]
    public async Task Rollover_NextCertificateSignsFromItsDate_OnEverySilo()
    {
        var directories = Silos.Select(s => s.GetRequiredService<OAuthDirectory>()).ToList();
        var current = directories[0].Signing!.Current.Thumbprint;
        Assert.All(directories, d => Assert.Equal(current, d.Signing!.Current.Thumbprint));

        var effective = Cluster.Time.GetUtcNow().AddDays(1);
        using var next = TestPartner.CreateCertificate("CN=presence-next", effective.AddYears(1), notBefore: Cluster.Time.GetUtcNow());
        var staged = await Registry.StageRolloverAsync(next.Export(X509ContentType.Pkcs12), effective);

        Assert.Equal(S2STokenValidator.X5t(next), staged.Next?.Thumbprint);
        foreach (var directory in directories)
        {
            Assert.Equal([current, next.Thumbprint], directory.Signing!.Published.Select(c => c.Thumbprint));
            Assert.Equal(current, directory.Signing.SignerAt(Cluster.Time.GetUtcNow()).Thumbprint);
        }

        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => Registry.CompleteRolloverAsync());
        Cluster.Time.Advance(TimeSpan.FromDays(1));
        Assert.All(directories, d => Assert.Equal(next.Thumbprint, d.Signing!.SignerAt(Cluster.Time.GetUtcNow()).Thumbprint));

        await Registry.CompleteRolloverAsync();
        Assert.All(directories, d => Assert.Equal([next.Thumbprint], d.Signing!.Published.Select(c => c.Thumbprint)));
    }

    [Fact]
    public async Task OutboundTokens_AreCached_SignedByTheClustersCertificate_AndValidateAtThePartner()
    {
        var silo = Silos.First();
        var tokens = silo.GetRequiredService<OutboundTokenIssuer>();
        var published = silo.GetRequiredService<OAuthDirectory>().Signing!.Published;

        // The partner's side: it registered us from our metadata and validates with the same code we use.
        var us = new PartnerApplication { ApplicationId = OAuthOptions.LyncApplicationId, Realm = OAuthClusterFixture.Realm, SigningCertificates = published };
        var atPartner = new S2STokenValidator(
            new OAuthOptions { Realm = OAuthClusterFixture.Realm, ApplicationId = TestPartner.SharePointId, HostName = "sharepoint.test" },
            id => id == OAuthOptions.LyncApplicationId ? us : null,
            Cluster.Time);

        var appToken = tokens.GetAppToken(TestPartner.SharePointId, "sharepoint.test");
        var userToken = tokens.GetUserToken(TestPartner.SharePointId, "sharepoint.test", "sip:alice@contoso.com");

        Assert.Same(appToken, tokens.GetAppToken(TestPartner.SharePointId, "sharepoint.test"));
        Assert.True((await atPartner.ValidateAsync(appToken)).Succeeded);
        var delegated = await atPartner.ValidateAsync(userToken);
        Assert.Equal("sip:alice@contoso.com", delegated.User);
        Assert.Equal(S2STokenValidator.X5t(published[^1]), Header(appToken, "x5t"));
    }

    [Fact]
    public async Task PartnerDeclaredInConfiguration_IsRegisteredAtStart_WithItsTrustLevel()
    {
        var declared = Assert.Single(await Registry.ListPartnersAsync(), p => p.ApplicationId == OAuthClusterFixture.ConfiguredPartnerId);
        var issuer = new S2STokenIssuer(
            new OAuthOptions { Realm = OAuthClusterFixture.Realm, ApplicationId = OAuthClusterFixture.ConfiguredPartnerId, HostName = "configured.test" },
            fixture.ConfiguredPartnerCertificate,
            Cluster.Time);

        Assert.Equal(TrustLevel.Application, declared.TrustLevel);
        Assert.Equal([S2STokenValidator.X5t(fixture.ConfiguredPartnerCertificate)], declared.Keys.Select(k => k.Thumbprint));
        foreach (var silo in Silos)
        {
            Assert.True((await Validate(silo, issuer.IssueActorToken(OAuthOptions.LyncApplicationId, OAuthClusterFixture.OurHost))).Succeeded);
            Assert.Equal(TokenFailure.DelegationNotAllowed, (await Validate(silo, issuer.IssueUserToken(OAuthOptions.LyncApplicationId, OAuthClusterFixture.OurHost, "sip:alice@contoso.com"))).Failure);
        }
    }

    private static string? Header(string token, string name)
    {
        using var header = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
        return header.RootElement.GetProperty(name).GetString();
    }

    [Fact]
    public async Task RefusedStorageWrite_LeavesTheRegistryExactlyAsBefore_AndTheNextGoodWriteDoesNotSaveIt()
    {
        await using var partner = await TestPartner.StartAsync(OAuthClusterFixture.Realm, "10000000-0000-0000-0000-000000000005");
        await using var refusedPartner = await TestPartner.StartAsync(OAuthClusterFixture.Realm, "10000000-0000-0000-0000-000000000006");
        await using var laterPartner = await TestPartner.StartAsync(OAuthClusterFixture.Realm, "10000000-0000-0000-0000-000000000007");
        await Registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = partner.MetadataUrl });
        var before = await Registry.ListPartnersAsync();

        fixture.StorageFaults.FailWrites = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Registry.SetPartnerEnabledAsync(partner.ApplicationId, false));
            await Assert.ThrowsAnyAsync<Exception>(() => Registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = refusedPartner.MetadataUrl }));
            await Assert.ThrowsAnyAsync<Exception>(() => Registry.RemovePartnerAsync(partner.ApplicationId));
        }
        finally
        {
            fixture.StorageFaults.FailWrites = false;
        }

        Assert.Equal(3, fixture.StorageFaults.RefusedWrites);
        Assert.Equal(Describe(before), Describe(await Registry.ListPartnersAsync()));
        foreach (var silo in Silos)
        {
            Assert.Equal(TokenFailure.None, (await Validate(silo, partner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time))).Failure);
            Assert.Equal(TokenFailure.UnknownIssuer, (await Validate(silo, refusedPartner.AppOnlyToken(OAuthClusterFixture.OurHost, Cluster.Time))).Failure);
        }

        // The next accepted change is stored on top of the state before the refusals, not of a refused one.
        await Registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = laterPartner.MetadataUrl });
        var after = await Registry.ListPartnersAsync();
        Assert.True(Assert.Single(after, p => p.ApplicationId == partner.ApplicationId).Enabled);
        Assert.DoesNotContain(after, p => p.ApplicationId == refusedPartner.ApplicationId);
        Assert.Contains(after, p => p.ApplicationId == laterPartner.ApplicationId);
        Assert.Equal(Describe(before), Describe(after.Where(p => p.ApplicationId != laterPartner.ApplicationId)));
    }

    private static string[] Describe(IEnumerable<PartnerInfo> partners) =>
        [.. partners.Select(p => $"{p.ApplicationId} enabled={p.Enabled} keys={string.Join(',', p.Keys.Select(k => k.Thumbprint))}").Order(StringComparer.Ordinal)];

    private static Task<TokenValidationOutcome> Validate(IServiceProvider silo, string token) =>
        silo.GetRequiredService<S2STokenValidator>().ValidateAsync(token);
}
