using Orleans.Concurrency;
using PresenceCluster.Contacts;
using PresenceCluster.Privacy;

namespace PresenceCluster.Grains;

/// <summary>
/// One user's contact list, keyed by <see cref="Identity.UserGrainKey"/>. Every write is atomic, validated, durable
/// before it returns, and returns the list's new version.
/// </summary>
[Alias("PresenceCluster.IContactListGrain")]
public interface IContactListGrain : IGrainWithStringKey
{
    /// <summary>The whole list.</summary>
    [ReadOnly, Alias("Get")]
    Task<ContactList> GetAsync();

    /// <summary>What changed since <paramref name="sinceVersion"/>.</summary>
    [ReadOnly, Alias("GetChanges")]
    Task<ContactListChanges> GetChangesAsync(long sinceVersion);

    /// <summary>Creates a group.</summary>
    [Alias("CreateGroup")]
    Task<ContactGroup> CreateGroupAsync(string name);

    /// <summary>Renames a group.</summary>
    [Alias("RenameGroup")]
    Task<long> RenameGroupAsync(int groupId, string name);

    /// <summary>Deletes a group; its contacts stay on the list, outside that group.</summary>
    [Alias("DeleteGroup")]
    Task<long> DeleteGroupAsync(int groupId);

    /// <summary>Adds a contact, or replaces the one with the same URI.</summary>
    [Alias("SetContact")]
    Task<long> SetContactAsync(Contact contact);

    /// <summary>Removes a contact.</summary>
    [Alias("RemoveContact")]
    Task<long> RemoveContactAsync(string uri);

    /// <summary>Sets the access level granted to a contact; null returns it to the default.</summary>
    [Alias("SetAccessLevel")]
    Task<long> SetAccessLevelAsync(string uri, AccessLevel? level);

    /// <summary>Turns privacy mode on or off.</summary>
    [Alias("SetPrivacyMode")]
    Task<long> SetPrivacyModeAsync(bool enabled);
}
