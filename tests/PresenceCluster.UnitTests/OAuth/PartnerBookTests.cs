using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Auth;
using PresenceCluster.Errors;
using PresenceCluster.OAuth;
using PresenceCluster.Partners;
using PresenceCluster.UnitTests.Auth;

namespace PresenceCluster.UnitTests.OAuth;

/// <summary>The partner registry's rules: what a registration must hold, and what each change does to the stored record.</summary>
public sealed class PartnerBookTests
{
    private const string Realm = "contoso.com";
    private const string SharePointId = "00000003-0000-0ff1-ce00-000000000000";
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Uri MetadataUrl = new("https://sharepoint.contoso.com/_layouts/15/metadata/json/1");
    private readonly PartnerBook _book = new(Realm);
    private readonly OAuthRegistryRecord _empty = new();

    private static MetadataDocument Document(string issuer = $"{SharePointId}@{Realm}", X509Certificate2? key = null) =>
        new(issuer, SharePointId, [key ?? TestCertificates.First]);

    [Fact]
    public void Add_ByMetadata_TakesIdRealmAndKeysFromTheDocument()
    {
        var record = _book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl, TrustLevel = TrustLevel.Application }, Document(), Now);

        var partner = Assert.Single(record.Partners);
        Assert.Equal(1, record.Version);
        Assert.Equal(SharePointId, partner.ApplicationId);
        Assert.Equal(Realm, partner.Realm);
        Assert.Equal(TrustLevel.Application, partner.TrustLevel);
        Assert.Equal(TestCertificates.First.RawData, Assert.Single(partner.Certificates));
        Assert.Equal(Now, partner.LastRefreshed);
    }

    [Fact]
    public void Add_ByCertificate_KeepsTheGivenCertificates()
    {
        var record = _book.Add(_empty, new PartnerRegistration { ApplicationId = SharePointId, Realm = Realm, Certificates = [TestCertificates.First.RawData, TestCertificates.Second.RawData] }, null, Now);

        var info = PartnerBook.ToInfo(Assert.Single(record.Partners));
        Assert.Equal([S2STokenValidator.X5t(TestCertificates.First), S2STokenValidator.X5t(TestCertificates.Second)], info.Keys.Select(k => k.Thumbprint));
        Assert.Null(info.MetadataUrl);
        Assert.Null(info.LastRefreshed);
    }

    [Fact]
    public void Add_TheSameApplicationIdAgain_ReplacesThePartner()
    {
        var first = _book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl }, Document(), Now);
        var second = _book.Add(first, new PartnerRegistration { ApplicationId = SharePointId.ToUpperInvariant(), Realm = Realm, Certificates = [TestCertificates.Second.RawData], Enabled = false }, null, Now);

        var partner = Assert.Single(second.Partners);
        Assert.False(partner.Enabled);
        Assert.Equal(2, second.Version);
    }

    public static TheoryData<string, PartnerRegistration, string> Refusals => new()
    {
        { "NeitherUrlNorCertificate", new PartnerRegistration { ApplicationId = SharePointId, Realm = Realm }, "registration" },
        { "BothUrlAndCertificate", new PartnerRegistration { MetadataUrl = MetadataUrl, Certificates = [TestCertificates.First.RawData] }, "registration" },
        { "PlainHttpMetadataOffLoopback", new PartnerRegistration { MetadataUrl = new Uri("http://sharepoint.contoso.com/metadata/json/1") }, "metadataUrl" },
        { "CertificateWithoutApplicationId", new PartnerRegistration { Realm = Realm, Certificates = [TestCertificates.First.RawData] }, "registration" },
        { "OtherRealm", new PartnerRegistration { ApplicationId = SharePointId, Realm = "fabrikam.com", Certificates = [TestCertificates.First.RawData] }, "realm" },
        { "ApplicationIdWithAt", new PartnerRegistration { ApplicationId = "a@b", Realm = Realm, Certificates = [TestCertificates.First.RawData] }, "applicationId" },
        { "WeakKey", new PartnerRegistration { ApplicationId = SharePointId, Realm = Realm, Certificates = [TestCertificates.Weak.RawData] }, "certificates" },
        { "NotACertificate", new PartnerRegistration { ApplicationId = SharePointId, Realm = Realm, Certificates = [[1, 2, 3]] }, "certificates" },
        { "UnknownTrustLevel", new PartnerRegistration { ApplicationId = SharePointId, Realm = Realm, Certificates = [TestCertificates.First.RawData], TrustLevel = (TrustLevel)9 }, "trustLevel" },
        { "UnknownOperation", new PartnerRegistration { ApplicationId = SharePointId, Realm = Realm, Certificates = [TestCertificates.First.RawData], Operations = (PartnerOperations)8 }, "operations" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Add_BadRegistration_IsRefusedNamingTheField(string name, PartnerRegistration registration, string parameter)
    {
        var exception = Assert.Throws<InvalidInputException>(() => _book.Add(_empty, registration, null, Now));

        Assert.True(parameter == exception.Parameter, $"{name}: {exception.Message}");
    }

    [Fact]
    public void Add_ApplicationIdDifferentFromTheDocument_IsRefused()
    {
        var exception = Assert.Throws<InvalidInputException>(() =>
            _book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl, ApplicationId = "00000002-0000-0ff1-ce00-000000000000" }, Document(), Now));

        Assert.Equal("applicationId", exception.Parameter);
    }

    [Fact]
    public void Add_BeyondTheLimit_IsRefused()
    {
        var record = _empty with
        {
            Partners = [.. Enumerable.Range(0, PartnerBook.MaxPartners).Select(i => new PartnerRecord { ApplicationId = $"app-{i}", Realm = Realm })],
        };

        Assert.Throws<LimitReachedException>(() => _book.Add(record, new PartnerRegistration { MetadataUrl = MetadataUrl }, Document(), Now));
    }

    [Fact]
    public void SetEnabledAndRemove_UnknownPartner_AreNotFound()
    {
        Assert.Throws<NotFoundException>(() => PartnerBook.SetEnabled(_empty, SharePointId, false));
        Assert.Throws<NotFoundException>(() => PartnerBook.Remove(_empty, SharePointId));
    }

    [Fact]
    public void RefreshFailed_KeepsTheLastGoodKeys_AndRecordsWhy()
    {
        var record = _book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl }, Document(), Now);

        var failed = PartnerBook.RefreshFailed(record, SharePointId, "answered HTTP 503", Now.AddHours(1));

        var partner = Assert.Single(failed.Partners);
        Assert.Equal(TestCertificates.First.RawData, Assert.Single(partner.Certificates));
        Assert.Equal("answered HTTP 503", partner.LastRefreshError);
        Assert.Equal(Now.AddHours(1), partner.LastRefreshFailed);
        Assert.Equal(Now, partner.LastRefreshed);
    }

    [Fact]
    public void RefreshSucceeded_TakesTheNewKeys_AndClearsTheError()
    {
        var record = PartnerBook.RefreshFailed(_book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl }, Document(), Now), SharePointId, "timeout", Now.AddHours(1));

        var refreshed = PartnerBook.RefreshSucceeded(record, SharePointId, Document(key: TestCertificates.Second), Now.AddHours(2));

        var partner = Assert.Single(refreshed.Partners);
        Assert.Equal(TestCertificates.Second.RawData, Assert.Single(partner.Certificates));
        Assert.Null(partner.LastRefreshError);
        Assert.Equal(Now.AddHours(2), partner.LastRefreshed);
    }

    [Fact]
    public void RefreshSucceeded_DocumentNamingAnotherIssuer_IsAFailure()
    {
        var record = _book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl }, Document(), Now);

        var refreshed = PartnerBook.RefreshSucceeded(record, SharePointId, Document(issuer: $"00000002-0000-0ff1-ce00-000000000000@{Realm}", key: TestCertificates.Second), Now.AddHours(1));

        var partner = Assert.Single(refreshed.Partners);
        Assert.Equal(TestCertificates.First.RawData, Assert.Single(partner.Certificates));
        Assert.Contains("00000002-0000-0ff1-ce00-000000000000", partner.LastRefreshError, StringComparison.Ordinal);
    }

    [Fact]
    public void DueForRefresh_IsEveryUrlPartnerWhoseLastAttemptIsAnIntervalOld()
    {
        var record = _book.Add(_empty, new PartnerRegistration { MetadataUrl = MetadataUrl }, Document(), Now);
        record = _book.Add(record, new PartnerRegistration { ApplicationId = "by-certificate", Realm = Realm, Certificates = [TestCertificates.First.RawData] }, null, Now);

        Assert.Empty(PartnerBook.DueForRefresh(record, Now.AddMinutes(59), TimeSpan.FromHours(1)));
        Assert.Equal([SharePointId], PartnerBook.DueForRefresh(record, Now.AddHours(1), TimeSpan.FromHours(1)).Select(p => p.ApplicationId));

        // A failed attempt also waits an interval before the next, so a dead partner is not fetched every sync.
        var failed = PartnerBook.RefreshFailed(record, SharePointId, "timeout", Now.AddHours(1));
        Assert.Empty(PartnerBook.DueForRefresh(failed, Now.AddHours(1.5), TimeSpan.FromHours(1)));
    }
}
