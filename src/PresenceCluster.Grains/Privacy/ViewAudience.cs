namespace PresenceCluster.Privacy;

/// <summary>
/// Which precomputed view a watcher gets: one per access level, plus the user themself and the watchers that
/// privacy mode hides presence from.
/// </summary>
public enum ViewAudience
{
    /// <summary>The user: everything.</summary>
    Self = 0,

    /// <summary><see cref="AccessLevel.External"/>.</summary>
    External = 1,

    /// <summary><see cref="AccessLevel.Colleagues"/>.</summary>
    Colleagues = 2,

    /// <summary><see cref="AccessLevel.Workgroup"/>.</summary>
    Workgroup = 3,

    /// <summary><see cref="AccessLevel.FriendsAndFamily"/>.</summary>
    FriendsAndFamily = 4,

    /// <summary><see cref="AccessLevel.Blocked"/>.</summary>
    Blocked = 5,

    /// <summary>Not on the contact list while privacy mode is on: Offline, with what External sees of the card.</summary>
    HiddenByPrivacyMode = 6,
}
