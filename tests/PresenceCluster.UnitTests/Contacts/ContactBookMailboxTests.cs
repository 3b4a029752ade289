using PresenceCluster.Contacts;
using PresenceCluster.Privacy;

namespace PresenceCluster.UnitTests.Contacts;

/// <summary>
/// Edits from the user's mailbox applied to the cluster's copy (the unified contact store): one version marked as
/// from the mailbox, nothing refused as a whole, the list's limits kept with what is left out named.
/// </summary>
public sealed class ContactBookMailboxTests
{
    private readonly ContactBook _book = new("sip:alice@contoso.com", new ContactOptions { MaxContacts = 3, MaxGroups = 2 });

    [Fact]
    public void MailboxEdit_IsOneVersion_MarkedAsFromTheMailbox()
    {
        var record = _book.SetContact(new ContactListRecord(), new Contact { Uri = "sip:bob@contoso.com" });

        var (next, overLimit, rejected) = _book.ApplyFromMailbox(record, new MailboxListEdit
        {
            Groups = [new ContactGroup { Id = 4, Name = "Team" }],
            PrivacyMode = true,
            Upserted = [new Contact { Uri = "sip:carol@contoso.com", GroupIds = [4, 9], AccessLevel = AccessLevel.Workgroup }],
            Removed = ["sip:bob@contoso.com", "sip:nobody@contoso.com"],
        });

        Assert.Equal(record.Version + 1, next.Version);
        Assert.All(next.Changes.Where(c => c.Version == next.Version), change => Assert.True(change.FromMailbox));
        Assert.Equal(3, next.Changes.Count(c => c.Version == next.Version && c.Kind != ContactChangeKind.Group));
        Assert.Equal([4], Assert.Single(next.Contacts).GroupIds);
        Assert.Equal(5, next.NextGroupId);
        Assert.True(next.PrivacyMode);
        Assert.Empty(overLimit);
        Assert.Empty(rejected);
    }

    [Fact]
    public void MailboxEdit_ThatChangesNothing_IsNoVersion()
    {
        var record = _book.SetContact(new ContactListRecord(), new Contact { Uri = "sip:bob@contoso.com", DisplayName = "Bob" });

        var (next, _, _) = _book.ApplyFromMailbox(record, new MailboxListEdit { Upserted = [new Contact { Uri = "sip:bob@contoso.com", DisplayName = "Bob" }] });

        Assert.Same(record, next);
    }

    [Fact]
    public void MailboxContacts_BeyondTheLimit_OrRefusedByTheRules_AreLeftOutAndNamed_TheRestApplied()
    {
        var edit = new MailboxListEdit
        {
            Upserted =
            [
                new Contact { Uri = "sip:a@contoso.com" },
                new Contact { Uri = "sip:alice@contoso.com" },
                new Contact { Uri = "sip:b@contoso.com", DisplayName = "B\0" },
                new Contact { Uri = "sip:c@contoso.com" },
                new Contact { Uri = "sip:d@contoso.com" },
                new Contact { Uri = "sip:e@contoso.com" },
            ],
        };

        var (next, overLimit, rejected) = _book.ApplyFromMailbox(new ContactListRecord(), edit);

        Assert.Equal(["sip:a@contoso.com", "sip:c@contoso.com", "sip:d@contoso.com"], next.Contacts.Select(c => c.Uri));
        Assert.Equal(["sip:e@contoso.com"], overLimit);
        Assert.Equal(["sip:alice@contoso.com", "sip:b@contoso.com"], rejected);
    }

    [Fact]
    public void MailboxGroups_BeyondTheLimit_OrUnusable_AreDropped_AndContactsLeaveDeletedGroups()
    {
        var record = _book.CreateGroup(new ContactListRecord(), "Old").Record;
        record = _book.SetContact(record, new Contact { Uri = "sip:bob@contoso.com", GroupIds = [1] });

        var (next, _, _) = _book.ApplyFromMailbox(record, new MailboxListEdit
        {
            Groups = [new ContactGroup { Id = 2, Name = "Team" }, new ContactGroup { Id = 3, Name = "team" }, new ContactGroup { Id = 4, Name = " " }, new ContactGroup { Id = 5, Name = "Friends" }, new ContactGroup { Id = 6, Name = "Third" }],
        });

        Assert.Equal(["Team", "Friends"], next.Groups.Select(g => g.Name));
        Assert.Empty(Assert.Single(next.Contacts).GroupIds);
        Assert.Contains(next.Changes, c => c.Kind == ContactChangeKind.Contact && c.Key == "sip:bob@contoso.com" && c.FromMailbox);
    }
}
