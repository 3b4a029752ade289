using PresenceCluster.Presence;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Graph's application presence sessions (<c>setPresence</c>) as endpoints of the presence model: each session is an
/// endpoint (<c>graph-&lt;sessionId&gt;</c>) whose machine and phone state give the pair Graph asked for once
/// aggregated with the user's other endpoints, and which expires after <c>expirationDuration</c> (PT5M–PT4H, default
/// PT5M) unless set again. Pure, table-tested.
/// </summary>
public static class SessionPresence
{
    /// <summary>The shortest and longest session Graph allows, and its default.</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMinutes(5);

    /// <inheritdoc cref="MinimumDuration"/>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(4);

    private static readonly Dictionary<(string Availability, string Activity), (MachineState Machine, PhoneState Phone)> Pairs = new()
    {
        [("Available", "Available")] = (MachineState.Active, PhoneState.None),
        [("Busy", "InACall")] = (MachineState.Active, PhoneState.OnCall),
        [("Busy", "InAConferenceCall")] = (MachineState.Active, PhoneState.InConference),
        [("Away", "Away")] = (MachineState.Away, PhoneState.None),
        [("DoNotDisturb", "Presenting")] = (MachineState.Active, PhoneState.Presenting),
    };

    /// <summary>The pairs Graph allows, for messages.</summary>
    public static string Allowed => string.Join(", ", Pairs.Keys.Select(p => $"{p.Availability}/{p.Activity}"));

    /// <summary>The endpoint id of a session.</summary>
    public static string EndpointId(string sessionId) => "graph-" + sessionId;

    /// <summary>The endpoint a session publishes, or null when the pair is not one Graph allows.</summary>
    public static EndpointPublication? Publication(string sessionId, string? availability, string? activity, TimeSpan lifetime)
    {
        var match = Pairs.FirstOrDefault(p => string.Equals(p.Key.Availability, availability, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Key.Activity, activity, StringComparison.OrdinalIgnoreCase));
        return match.Key.Availability is null
            ? null
            : new EndpointPublication
            {
                EndpointId = EndpointId(sessionId),
                DeviceClass = DeviceClass.Computer,
                MachineState = match.Value.Machine,
                PhoneState = match.Value.Phone,
                Lifetime = lifetime,
            };
    }
}
