namespace PresenceCluster.Privacy;

/// <summary>
/// What a user's contact list says about who sees what: the contacts with the level granted to each (null for the
/// default) and privacy mode. The contact-list grain produces it; the presence grain and the read index use it.
/// Never changed after creation.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PrivacyPolicy")]
public sealed class PrivacyPolicy
{
    /// <summary>No contacts, privacy mode off: everyone gets the default by domain.</summary>
    public static PrivacyPolicy Default { get; } = new(new Dictionary<string, AccessLevel?>(StringComparer.Ordinal), privacyMode: false, version: 0);

    /// <summary>Creates a policy.</summary>
    public PrivacyPolicy(Dictionary<string, AccessLevel?> contacts, bool privacyMode, long version)
    {
        Contacts = contacts;
        PrivacyMode = privacyMode;
        Version = version;
    }

    /// <summary>Contacts by normalised URI, with the level granted (null: the default).</summary>
    [Id(0)] public Dictionary<string, AccessLevel?> Contacts { get; }

    /// <summary>Whether only contacts may see presence.</summary>
    [Id(1)] public bool PrivacyMode { get; }

    /// <summary>The contact-list version this policy was made from; a newer one replaces an older one.</summary>
    [Id(2)] public long Version { get; }
}
