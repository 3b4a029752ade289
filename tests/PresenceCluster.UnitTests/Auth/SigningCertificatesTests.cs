using Microsoft.Extensions.Time.Testing;
using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

public sealed class SigningCertificatesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rollover_AcrossTheEffectiveDate_SwitchesSignerAndValidatesBoth()
    {
        var time = new FakeTimeProvider(Start);
        var keys = new SigningCertificates(TestCertificates.First).Stage(TestCertificates.Second, Start.AddDays(1));
        var options = new OAuthOptions { Realm = "contoso.com", ApplicationId = "00000003-0000-0ff1-ce00-000000000000", HostName = "sp.contoso.com" };
        var partner = new PartnerApplication { ApplicationId = options.ApplicationId, Realm = "contoso.com", SigningCertificates = keys.Published };
        var validator = new S2STokenValidator(new OAuthOptions { Realm = "contoso.com", HostName = "presence.contoso.com" }, _ => partner, time);
        string Token() => new S2STokenIssuer(options, keys.SignerAt(time.GetUtcNow()), time).IssueActorToken(OAuthOptions.LyncApplicationId, "presence.contoso.com");

        time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(10));
        var before = Token();
        time.Advance(TimeSpan.FromMinutes(20));
        var after = Token();

        Assert.Equal(TestCertificates.First, keys.SignerAt(Start));
        Assert.Equal(TestCertificates.Second, keys.SignerAt(Start.AddDays(1)));
        Assert.Equal(2, keys.Published.Count);
        Assert.NotEqual(before.Split('.')[0], after.Split('.')[0]);
        Assert.True((await validator.ValidateAsync(after)).Succeeded);
        Assert.True((await validator.ValidateAsync(before)).Succeeded);

        var completed = keys.Complete();
        var afterRemoval = new S2STokenValidator(new OAuthOptions { Realm = "contoso.com", HostName = "presence.contoso.com" }, _ => partner with { SigningCertificates = completed.Published }, time);
        Assert.Equal(TokenFailure.UnknownKey, (await afterRemoval.ValidateAsync(before)).Failure);
        Assert.True((await afterRemoval.ValidateAsync(after)).Succeeded);
    }

    [Fact]
    public void WeakCertificate_IsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => new SigningCertificates(TestCertificates.Weak));

        Assert.Contains("at least 2048 bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_WithoutARollover_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new SigningCertificates(TestCertificates.First).Complete());
    }
}
