namespace PresenceCluster.Presence;

/// <summary>How a calendar item shows the user's time, as Exchange's free/busy (the digits of its merged view).</summary>
[GenerateSerializer, Alias("PresenceCluster.FreeBusyStatus")]
public enum FreeBusyStatus
{
    /// <summary>Free ('0').</summary>
    Free = 0,

    /// <summary>Tentative ('1'): accepted tentatively; presence stays as it is, as Lync did.</summary>
    Tentative = 1,

    /// <summary>Busy ('2'): In a meeting.</summary>
    Busy = 2,

    /// <summary>Out of office ('3').</summary>
    OutOfOffice = 3,

    /// <summary>Working elsewhere ('4'); presence stays as it is.</summary>
    WorkingElsewhere = 4,
}
