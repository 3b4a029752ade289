namespace PresenceCluster.Exchange.Hosting;

/// <summary>
/// The unified contact store: users' contact lists kept in their mailboxes. Section <c>Exchange:Contacts</c>; needs a
/// backend (<c>Exchange:Backend</c>) whose application may write contacts (Graph: Contacts.ReadWrite; Exchange Server:
/// the partner application's EWS rights).
/// </summary>
public sealed class ContactStoreOptions
{
    /// <summary>The longest folder name accepted.</summary>
    public const int MaxFolderNameLength = 255;

    /// <summary>How long after a rollback the list moves into the mailbox again while the policy still allows it (as Lync did).</summary>
    public static readonly TimeSpan RemigrationDelay = TimeSpan.FromDays(7);

    /// <summary>
    /// Whether users' lists may move into their mailboxes (Lync's UcsAllowed), unless a user's own policy says
    /// otherwise. Default false: Lync defaulted to true, but here the mailbox application's contact-writing right is
    /// granted on purpose, and a calendar-only deployment must not start writing to every mailbox.
    /// </summary>
    public bool UcsAllowed { get; set; }

    /// <summary>Days (0–180) from when the policy first allows the mailbox until the list moves, at the next sign-in after that. Default 0.</summary>
    public int MigrationDelayInDays { get; set; }

    /// <summary>The mailbox contact folder the list lives in (1–255 characters, no <c>/</c> or <c>\</c>). Default "PresenceCluster Contacts".</summary>
    public string FolderName { get; set; } = "PresenceCluster Contacts";

    /// <summary>How often a signed-in user's list is synced with the mailbox (5 seconds – 1 hour). Default 5 minutes; edits through the cluster go at once.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var failures = new List<string>();
        if (MigrationDelayInDays is < 0 or > PresenceCluster.Contacts.ContactStorePolicy.MaxMigrationDelayInDays)
        {
            failures.Add($"{section}:MigrationDelayInDays is {MigrationDelayInDays}; it must be between 0 and {PresenceCluster.Contacts.ContactStorePolicy.MaxMigrationDelayInDays}.");
        }

        if (string.IsNullOrWhiteSpace(FolderName) || FolderName.Length > MaxFolderNameLength || FolderName.IndexOfAny(['/', '\\']) >= 0 || FolderName.Any(char.IsControl))
        {
            failures.Add($"{section}:FolderName '{FolderName}' must be 1–{MaxFolderNameLength} characters without '/', '\\' or control characters.");
        }

        if (SyncInterval < TimeSpan.FromSeconds(5) || SyncInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:SyncInterval is {SyncInterval}; it must be between 00:00:05 and 01:00:00.");
        }

        return failures;
    }
}
