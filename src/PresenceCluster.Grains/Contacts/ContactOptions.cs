namespace PresenceCluster.Contacts;

/// <summary>Contact-list limits. Section <c>Contacts</c> of the configuration.</summary>
public sealed class ContactOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Contacts";

    /// <summary>Contacts per user (0–1000, Lync's MaximumNumberOfContacts). Default 1000.</summary>
    public int MaxContacts { get; set; } = 1000;

    /// <summary>Groups per user (1–64). Default 64.</summary>
    public int MaxGroups { get; set; } = 64;

    /// <summary>
    /// Changes remembered for delta requests (16–10000). A client whose version is older than that gets the whole
    /// list. Default 1000.
    /// </summary>
    public int ChangeLogLength { get; set; } = 1000;
}
