using Microsoft.Extensions.Time.Testing;
using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

public sealed class IssuedTokenCacheTests
{
    [Fact]
    public void GetOrIssue_ReusesUntilShortlyBeforeExpiry_PerPartnerAndUser()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var cache = new IssuedTokenCache(time, TimeSpan.FromHours(1));
        var issued = 0;
        string Issue() => $"token-{++issued}";

        var first = cache.GetOrIssue("exchange", null, Issue);
        var again = cache.GetOrIssue("exchange", null, Issue);
        var forUser = cache.GetOrIssue("exchange", "sip:alice@contoso.com", Issue);
        time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = cache.GetOrIssue("exchange", null, Issue);
        time.Advance(TimeSpan.FromMinutes(1));
        var renewed = cache.GetOrIssue("exchange", null, Issue);

        Assert.Equal(TimeSpan.FromMinutes(5), cache.RenewBefore);
        Assert.Equal("token-1", first);
        Assert.Equal("token-1", again);
        Assert.Equal("token-2", forUser);
        Assert.Equal("token-1", stillCached);
        Assert.Equal("token-3", renewed);
    }
}
