using PresenceCluster.Http.Graph;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Graph;

/// <summary>Graph's application-session pairs onto an endpoint's machine and phone state.</summary>
public sealed class SessionPresenceTests
{
    [Theory]
    [InlineData("Available", "Available", MachineState.Active, PhoneState.None)]
    [InlineData("Busy", "InACall", MachineState.Active, PhoneState.OnCall)]
    [InlineData("Busy", "InAConferenceCall", MachineState.Active, PhoneState.InConference)]
    [InlineData("Away", "Away", MachineState.Away, PhoneState.None)]
    [InlineData("DoNotDisturb", "Presenting", MachineState.Active, PhoneState.Presenting)]
    [InlineData("busy", "inacall", MachineState.Active, PhoneState.OnCall)]
    public void AllowedPair_IsAnEndpointOfTheSession(string availability, string activity, MachineState machine, PhoneState phone)
    {
        var publication = SessionPresence.Publication("22553876-f5ab-4529-bffb-cfe50aa89f87", availability, activity, TimeSpan.FromHours(1));

        Assert.NotNull(publication);
        Assert.Equal("graph-22553876-f5ab-4529-bffb-cfe50aa89f87", publication.EndpointId);
        Assert.Equal(machine, publication.MachineState);
        Assert.Equal(phone, publication.PhoneState);
        Assert.Equal(TimeSpan.FromHours(1), publication.Lifetime);
    }

    [Theory]
    [InlineData("Busy", "Busy")]
    [InlineData("OutOfOffice", "OutOfOffice")]
    [InlineData("Busy", "InAMeeting")]
    [InlineData("BeRightBack", "BeRightBack")]
    [InlineData(null, null)]
    public void OtherPair_IsRefused(string? availability, string? activity)
    {
        Assert.Null(SessionPresence.Publication("app", availability, activity, TimeSpan.FromMinutes(5)));
        Assert.Contains("DoNotDisturb/Presenting", SessionPresence.Allowed, StringComparison.Ordinal);
    }
}
