using PresenceCluster.Presence;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Graph's user-preferred presence (<c>setUserPreferredPresence</c>) as the presence model's manual state: the six
/// availability/activity pairs Graph allows, each onto the manual state a Lync or Teams user would pick, and Graph's
/// default expiry (1 day for Busy and Do not disturb). Pure, table-tested.
/// </summary>
public static class PreferredPresence
{
    private static readonly Dictionary<(string Availability, string Activity), ManualState> Pairs = new()
    {
        [("Available", "Available")] = ManualState.Available,
        [("Busy", "Busy")] = ManualState.Busy,
        [("DoNotDisturb", "DoNotDisturb")] = ManualState.DoNotDisturb,
        [("BeRightBack", "BeRightBack")] = ManualState.BeRightBack,
        [("Away", "Away")] = ManualState.Away,
        [("Offline", "OffWork")] = ManualState.AppearOffline,
    };

    /// <summary>The pairs Graph allows, for messages.</summary>
    public static string Allowed => string.Join(", ", Pairs.Keys.Select(p => $"{p.Availability}/{p.Activity}"));

    /// <summary>
    /// The manual state of an availability/activity pair (compared without case, as Graph does), and how long it lasts:
    /// the requested duration, else 1 day for Busy and Do not disturb; the other states last until cleared (the model
    /// expires only Busy and Do not disturb).
    /// </summary>
    /// <returns>False when the pair is not one Graph allows.</returns>
    public static bool TryMap(string? availability, string? activity, TimeSpan? requested, out ManualState state, out TimeSpan? expiresAfter)
    {
        state = default;
        expiresAfter = null;
        var match = Pairs.FirstOrDefault(p => string.Equals(p.Key.Availability, availability, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Key.Activity, activity, StringComparison.OrdinalIgnoreCase));
        if (match.Key.Availability is null)
        {
            return false;
        }

        state = match.Value;
        if (state is ManualState.Busy or ManualState.DoNotDisturb)
        {
            expiresAfter = requested ?? TimeSpan.FromDays(1);
        }

        return true;
    }
}
