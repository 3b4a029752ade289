using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Privacy;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>
/// The cluster's contacts as mailbox contact items and back (the unified contact store's mapping): what Outlook shows,
/// what rides in the cluster's named properties, and what a contact made in Outlook becomes.
/// </summary>
public sealed class MailboxContactMappingTests
{
    private static readonly ContactGroup[] Groups = [new() { Id = 1, Name = "Release team" }, new() { Id = 2, Name = "Friends" }];
    private readonly MailboxContactMapping _mapping = new("contoso.com", "mail.contoso.com");

    [Fact]
    public void Contact_RoundTrips_WithGroupsAccessLevelTagsAndFavourite()
    {
        var contact = new Contact
        {
            Uri = "sip:bob@contoso.com",
            DisplayName = "Bob Kelly",
            GroupIds = [2, 1],
            AccessLevel = AccessLevel.Workgroup,
            Tags = ContactTags.NotifyWhenAvailable,
            IsFavourite = true,
        };

        var item = _mapping.ToMailbox(contact, Groups);
        var back = _mapping.FromMailbox(item, Groups);

        Assert.Equal("Bob Kelly", item.DisplayName);
        Assert.Equal("bob@mail.contoso.com", Assert.Single(item.EmailAddresses!).Address);
        Assert.Equal(["sip:bob@contoso.com"], item.ImAddresses);
        Assert.Equal(["Friends", "Release team"], item.Categories);
        Assert.All(item.SingleValueExtendedProperties!, property => Assert.Contains("{5b6c0f0e-7a43-4d1f-9c2e-3f8a1d6b4e72} Name PresenceCluster.", property.Id, StringComparison.Ordinal));
        // Records compare lists by reference: the list is compared on its own.
        Assert.Equal(contact with { GroupIds = [] }, back! with { GroupIds = [] });
        Assert.Equal([2, 1], back.GroupIds);
    }

    [Fact]
    public void ContactWithoutAccessLevel_WritesNone_AndReadsBackTheDefault()
    {
        var item = _mapping.ToMailbox(new Contact { Uri = "sip:erin@fabrikam.com" }, Groups);

        Assert.DoesNotContain(item.SingleValueExtendedProperties!, property => property.Id == MailboxContactProperties.AccessLevel);
        Assert.Equal("erin@fabrikam.com", Assert.Single(item.EmailAddresses!).Address);
        Assert.Null(_mapping.FromMailbox(item, Groups)!.AccessLevel);
    }

    [Theory]
    [InlineData("ImAddress", null, "sip:Carol@Contoso.com", "sip:carol@contoso.com")]
    [InlineData("MailInTheMailDomain", "carol@mail.contoso.com", null, "sip:carol@contoso.com")]
    [InlineData("MailElsewhere", "carol@fabrikam.com", null, null)]
    [InlineData("Nothing", null, null, null)]
    [InlineData("MalformedMail", "not an address", null, null)]
    public void ContactMadeInOutlook_GetsItsSipFromImOrMail_OrStaysOutOfPresence(string name, string? mail, string? im, string? expected)
    {
        var item = new GraphModels.Contact
        {
            DisplayName = "Carol",
            EmailAddresses = mail is null ? [] : [new GraphModels.EmailAddress { Address = mail }],
            ImAddresses = im is null ? [] : [im],
            Categories = ["friends", "Unknown group"],
        };

        var contact = _mapping.FromMailbox(item, Groups);

        Assert.True(expected == contact?.Uri, $"{name}: {contact?.Uri}");
        if (contact is not null)
        {
            // No stored group ids: Outlook's categories name the groups (case aside); unknown ones are left out.
            Assert.Equal([2], contact.GroupIds);
            Assert.Null(contact.AccessLevel);
        }
    }

    [Fact]
    public void StoredProperties_WinOverOutlooksFields_AndBadValuesAreIgnored()
    {
        var item = new GraphModels.Contact
        {
            DisplayName = new string('x', 300),
            ImAddresses = ["sip:other@contoso.com"],
            Categories = ["Friends"],
            SingleValueExtendedProperties =
            [
                new() { Id = MailboxContactProperties.SipUri, Value = "sip:dave@contoso.com" },
                new() { Id = MailboxContactProperties.GroupIds, Value = "1,99,x,1" },
                new() { Id = MailboxContactProperties.AccessLevel, Value = "Supreme" },
                new() { Id = MailboxContactProperties.Tags, Value = "-3" },
                new() { Id = MailboxContactProperties.Favourite, Value = "maybe" },
            ],
        };

        var contact = _mapping.FromMailbox(item, Groups)!;

        Assert.Equal("sip:dave@contoso.com", contact.Uri);
        Assert.Equal([1], contact.GroupIds);
        Assert.Null(contact.AccessLevel);
        Assert.Equal(ContactTags.None, contact.Tags);
        Assert.False(contact.IsFavourite);
        Assert.Equal(Contact.MaxDisplayNameLength, contact.DisplayName!.Length);
    }
}
