using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

/// <summary>A server's Retry-After in both its forms.</summary>
public sealed class RetryAfterHeaderTests
{
    [Fact]
    public void Seconds_AreTheWait() => Assert.Equal(TimeSpan.FromSeconds(120), RetryAfterHeader.Parse("120"));

    [Fact]
    public void AnHttpDate_IsTheTimeUntilThen()
    {
        var wait = RetryAfterHeader.Parse(DateTimeOffset.UtcNow.AddMinutes(2).ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        Assert.InRange(wait!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void MissingOrUnreadable_IsNoWait(string? value) => Assert.Null(RetryAfterHeader.Parse(value));
}
