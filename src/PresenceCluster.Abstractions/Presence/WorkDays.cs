namespace PresenceCluster.Presence;

/// <summary>Days of the week, as flags.</summary>
[Flags]
[GenerateSerializer, Alias("PresenceCluster.WorkDays")]
public enum WorkDays
{
    /// <summary>No day.</summary>
    None = 0,

    /// <summary>Sunday.</summary>
    Sunday = 1,

    /// <summary>Monday.</summary>
    Monday = 2,

    /// <summary>Tuesday.</summary>
    Tuesday = 4,

    /// <summary>Wednesday.</summary>
    Wednesday = 8,

    /// <summary>Thursday.</summary>
    Thursday = 16,

    /// <summary>Friday.</summary>
    Friday = 32,

    /// <summary>Saturday.</summary>
    Saturday = 64,

    /// <summary>Monday to Friday.</summary>
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
}
