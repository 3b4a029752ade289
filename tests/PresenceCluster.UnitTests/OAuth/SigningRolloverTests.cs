using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Errors;
using PresenceCluster.OAuth;
using PresenceCluster.UnitTests.Auth;

namespace PresenceCluster.UnitTests.OAuth;

/// <summary>The token-issuer certificate's lifecycle in the registry: seeded once, staged, completed after its date.</summary>
public sealed class SigningRolloverTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly byte[] First = TestCertificates.First.Export(X509ContentType.Pkcs12);
    private static readonly byte[] Second = TestCertificates.Second.Export(X509ContentType.Pkcs12);
    private readonly OAuthRegistryRecord _seeded = SigningRollover.Seed(new OAuthRegistryRecord(), First);

    [Fact]
    public void Seed_KeepsTheClustersCertificate_OnceItHasOne()
    {
        var again = SigningRollover.Seed(_seeded, Second);

        Assert.Same(_seeded, again);
        Assert.Equal(TestCertificates.First.Thumbprint, SigningRollover.Load(again)!.Current.Thumbprint);
    }

    [Fact]
    public void Stage_PublishesBoth_AndTheNextSignsFromItsDate()
    {
        var staged = SigningRollover.Stage(_seeded, Second, Now.AddDays(1), Now);
        var certificates = SigningRollover.Load(staged)!;

        Assert.Equal([TestCertificates.First.Thumbprint, TestCertificates.Second.Thumbprint], certificates.Published.Select(c => c.Thumbprint));
        Assert.Equal(TestCertificates.First.Thumbprint, certificates.SignerAt(Now.AddHours(23)).Thumbprint);
        Assert.Equal(TestCertificates.Second.Thumbprint, certificates.SignerAt(Now.AddDays(1)).Thumbprint);
    }

    [Fact]
    public void Complete_BeforeTheEffectiveDate_IsRefused_AndAfterItLeavesOnlyTheNext()
    {
        var staged = SigningRollover.Stage(_seeded, Second, Now.AddDays(1), Now);

        Assert.Throws<InvalidInputException>(() => SigningRollover.Complete(staged, Now.AddHours(23)));
        var completed = SigningRollover.Complete(staged, Now.AddDays(1));

        var certificates = SigningRollover.Load(completed)!;
        Assert.Equal([TestCertificates.Second.Thumbprint], certificates.Published.Select(c => c.Thumbprint));
        Assert.Null(completed.NextEffective);
    }

    public static TheoryData<string, Func<OAuthRegistryRecord, OAuthRegistryRecord>> Refusals => new()
    {
        { "EffectiveInThePast", r => SigningRollover.Stage(r, Second, Now.AddMinutes(-1), Now) },
        { "EffectiveAfterTheCurrentExpires", r => SigningRollover.Stage(r, Second, Now.AddYears(2), Now) },
        { "SameCertificate", r => SigningRollover.Stage(r, First, Now.AddDays(1), Now) },
        { "WeakKey", r => SigningRollover.Stage(r, TestCertificates.Weak.Export(X509ContentType.Pkcs12), Now.AddDays(1), Now) },
        { "NotPkcs12", r => SigningRollover.Stage(r, [1, 2, 3], Now.AddDays(1), Now) },
        { "PublicCertificateOnly", r => SigningRollover.Stage(r, TestCertificates.Second.RawData, Now.AddDays(1), Now) },
        { "CompleteWithNothingStaged", r => SigningRollover.Complete(r, Now) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void BadRollover_IsRefused_AndChangesNothing(string name, Func<OAuthRegistryRecord, OAuthRegistryRecord> change)
    {
        var exception = Record.Exception(() => change(_seeded));

        Assert.True(exception is InvalidInputException, $"{name}: {exception}");
        Assert.Null(_seeded.NextCertificate);
        Assert.Equal(1, _seeded.Version);
    }
}
