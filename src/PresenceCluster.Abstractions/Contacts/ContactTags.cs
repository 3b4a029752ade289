namespace PresenceCluster.Contacts;

/// <summary>Marks a user can put on a contact.</summary>
[Flags]
[GenerateSerializer, Alias("PresenceCluster.ContactTags")]
public enum ContactTags
{
    /// <summary>No tag.</summary>
    None = 0,

    /// <summary>Tell me when this contact becomes available.</summary>
    NotifyWhenAvailable = 1,
}
