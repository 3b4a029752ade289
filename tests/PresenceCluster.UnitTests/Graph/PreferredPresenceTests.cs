using PresenceCluster.Http.Graph;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Graph;

/// <summary>Graph's preferred-presence pairs onto the manual state, with Graph's default expiry where the model has one.</summary>
public sealed class PreferredPresenceTests
{
    [Theory]
    [InlineData("Available", "Available", null, ManualState.Available, null)]
    [InlineData("Busy", "Busy", null, ManualState.Busy, 24.0)]
    [InlineData("DoNotDisturb", "DoNotDisturb", null, ManualState.DoNotDisturb, 24.0)]
    [InlineData("BeRightBack", "BeRightBack", null, ManualState.BeRightBack, null)]
    [InlineData("Away", "Away", null, ManualState.Away, null)]
    [InlineData("Offline", "OffWork", null, ManualState.AppearOffline, null)]
    [InlineData("busy", "BUSY", 2.0, ManualState.Busy, 2.0)]
    [InlineData("Away", "Away", 2.0, ManualState.Away, null)]
    public void AllowedPair_MapsToTheManualState(string availability, string activity, double? requestedHours, ManualState expected, double? expiryHours)
    {
        Assert.True(PreferredPresence.TryMap(availability, activity, requestedHours is { } h ? TimeSpan.FromHours(h) : null, out var state, out var expiresAfter));
        Assert.Equal(expected, state);
        Assert.Equal(expiryHours is { } e ? TimeSpan.FromHours(e) : null, expiresAfter);
    }

    [Theory]
    [InlineData("Busy", "InACall")]
    [InlineData("Available", "Busy")]
    [InlineData("OutOfOffice", "OutOfOffice")]
    [InlineData("Offline", "Offline")]
    [InlineData(null, "Available")]
    public void OtherPair_IsRefused(string? availability, string activity)
    {
        Assert.False(PreferredPresence.TryMap(availability, activity, null, out _, out _));
        Assert.Contains("Offline/OffWork", PreferredPresence.Allowed, StringComparison.Ordinal);
    }
}
