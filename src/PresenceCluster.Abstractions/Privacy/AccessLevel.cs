namespace PresenceCluster.Privacy;

/// <summary>
/// What a watcher may see of a user, as the user grants it on the contact list (Lync privacy relationships).
/// Without an explicit grant, a watcher in the user's SIP domain is a Colleague and anyone else External.
/// </summary>
[GenerateSerializer, Alias("PresenceCluster.AccessLevel")]
public enum AccessLevel
{
    /// <summary>External (Public): availability, name, title, company, e-mail and photo.</summary>
    External = 0,

    /// <summary>Colleagues: availability, activity, notes, OOF note, free/busy, working hours, location, work phone.</summary>
    Colleagues = 1,

    /// <summary>Workgroup: as Colleagues plus meeting details and mobile phone; may interrupt Do not disturb.</summary>
    Workgroup = 2,

    /// <summary>Friends and family: everything but meeting details, home and other phone included.</summary>
    FriendsAndFamily = 3,

    /// <summary>Blocked: always Offline, name and e-mail only.</summary>
    Blocked = 4,
}
