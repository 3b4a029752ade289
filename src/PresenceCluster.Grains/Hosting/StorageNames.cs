namespace PresenceCluster.Hosting;

/// <summary>Names of the grain-storage provider and of each grain type's state.</summary>
/// <remarks>
/// Rows are keyed by state name plus grain key, not by grain type, so every grain type has a state name of its own.
/// </remarks>
public static class StorageNames
{
    /// <summary>The grain-storage provider every durable grain uses.</summary>
    public const string Provider = "PresenceStore";

    /// <summary>The presence grain's durable state.</summary>
    public const string PresenceState = "presence";

    /// <summary>The contact-list grain's state.</summary>
    public const string ContactListState = "contacts";

    /// <summary>The state name of the cluster's OAuth registry.</summary>
    public const string OAuthRegistryState = "oauth";

    /// <summary>The state name of a webhook subscription.</summary>
    public const string WebhookSubscriptionState = "webhook";

    /// <summary>The state name of the cluster's webhook directory.</summary>
    public const string WebhookDirectoryState = "webhooks";

    /// <summary>The state name of the cluster's mailbox overrides.</summary>
    public const string MailboxOverrideState = "mailboxes";

    /// <summary>The state name of a mailbox's calendar change subscription.</summary>
    public const string CalendarSubscriptionState = "calendar-subscription";

    /// <summary>The state name of a user's unified contact store (policy, migration, sync with the mailbox).</summary>
    public const string ContactStoreState = "contact-store";
}
