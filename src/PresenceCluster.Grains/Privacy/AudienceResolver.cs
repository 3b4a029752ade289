namespace PresenceCluster.Privacy;

/// <summary>Decides which view a watcher gets of a target (README "Privacy levels").</summary>
public static class AudienceResolver
{
    /// <summary>
    /// The audience of <paramref name="watcher"/> for <paramref name="target"/>: an explicit grant on the target's
    /// contact list wins; then privacy mode hides presence from everyone not on the list; otherwise the same SIP
    /// domain makes a Colleague and any other an External watcher.
    /// </summary>
    /// <param name="target">The target's normalised SIP URI.</param>
    /// <param name="watcher">The watcher's normalised SIP URI.</param>
    /// <param name="policy">The target's privacy policy.</param>
    public static ViewAudience Resolve(string target, string watcher, PrivacyPolicy policy)
    {
        if (string.Equals(target, watcher, StringComparison.Ordinal))
        {
            return ViewAudience.Self;
        }

        if (policy.Contacts.TryGetValue(watcher, out var granted))
        {
            if (granted is { } level)
            {
                return ForLevel(level);
            }
        }
        else if (policy.PrivacyMode)
        {
            return ViewAudience.HiddenByPrivacyMode;
        }

        return Domain(target).SequenceEqual(Domain(watcher)) ? ViewAudience.Colleagues : ViewAudience.External;
    }

    /// <summary>
    /// The audience of an application calling without a user (a partner's app-only token) that is granted
    /// <paramref name="level"/>: privacy mode hides presence from it, since it is on nobody's contact list.
    /// </summary>
    public static ViewAudience ResolveForApplication(PrivacyPolicy policy, AccessLevel level) =>
        policy.PrivacyMode ? ViewAudience.HiddenByPrivacyMode : ForLevel(level);

    /// <summary>The audience that corresponds to an access level.</summary>
    public static ViewAudience ForLevel(AccessLevel level) => level switch
    {
        AccessLevel.External => ViewAudience.External,
        AccessLevel.Colleagues => ViewAudience.Colleagues,
        AccessLevel.Workgroup => ViewAudience.Workgroup,
        AccessLevel.FriendsAndFamily => ViewAudience.FriendsAndFamily,
        AccessLevel.Blocked => ViewAudience.Blocked,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown access level."),
    };

    private static ReadOnlySpan<char> Domain(string uri)
    {
        var span = uri.AsSpan(uri.IndexOf('@', StringComparison.Ordinal) + 1);
        var end = span.IndexOf(';');
        return end < 0 ? span : span[..end];
    }
}
