using PresenceCluster.Webhooks;

namespace PresenceCluster.UnitTests.Webhooks;

/// <summary>Retry delays of a failing receiver: doubling with jitter, capped, the receiver's Retry-After first, and the end of the window.</summary>
public sealed class DeliveryBackoffTests
{
    private readonly DeliveryBackoff _backoff = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15), TimeSpan.FromHours(4));

    [Theory]
    [InlineData(1, 0.5, 10)]
    [InlineData(2, 0.5, 20)]
    [InlineData(3, 0.5, 40)]
    [InlineData(7, 0.5, 640)]
    [InlineData(8, 0.5, 900)]
    [InlineData(100, 0.5, 900)]
    [InlineData(1, 0.0, 8)]
    [InlineData(1, 0.999999, 12)]
    public void DelayAfter_DoublesFromTheFirstUpToTheMaximum_WithJitter(int failures, double jitter, double expectedSeconds) =>
        Assert.Equal(expectedSeconds, _backoff.DelayAfter(failures, null, jitter).TotalSeconds, precision: 3);

    [Fact]
    public void DelayAfter_FollowsTheReceiversRetryAfter_WithinTheMaximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), _backoff.DelayAfter(5, TimeSpan.FromSeconds(42), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(15), _backoff.DelayAfter(1, TimeSpan.FromHours(2), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), _backoff.DelayAfter(1, TimeSpan.FromSeconds(-5), 0.5));
    }

    [Fact]
    public void GivesUp_OnceTheWindowFromTheFirstFailureHasPassed()
    {
        var since = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        Assert.False(_backoff.GivesUp(since, since.AddHours(4).AddTicks(-1)));
        Assert.True(_backoff.GivesUp(since, since.AddHours(4)));
    }
}
