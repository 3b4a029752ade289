using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Graph;
using PresenceCluster.Privacy;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>
/// The cluster's contacts as mailbox contact items and back (the unified contact store's mapping): what Outlook shows,
/// what rides in the cluster's named properties, what a contact made in Outlook becomes, and Graph's form of an item.
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
            GroupIds = [1, 2],
            AccessLevel = AccessLevel.Workgroup,
            Tags = ContactTags.NotifyWhenAvailable,
            IsFavourite = true,
        };

        var item = _mapping.ToMailbox(contact, Groups);
        var back = _mapping.FromMailbox(item, Groups);

        Assert.Equal("Bob Kelly", item.DisplayName);
        Assert.Equal(["bob@mail.contoso.com"], item.EmailAddresses);
        Assert.Equal(["sip:bob@contoso.com"], item.ImAddresses);
        Assert.Equal(["Release team", "Friends"], item.Categories);
        Assert.Equal("Workgroup", item.Properties[MailboxContactProperties.AccessLevel]);
        Assert.True(ContactBook.Same(contact, back!));
    }

    [Fact]
    public void ContactWithoutAccessLevel_WritesAnEmptyOne_AndReadsBackTheDefault()
    {
        var item = _mapping.ToMailbox(new Contact { Uri = "sip:erin@fabrikam.com" }, Groups);

        // Empty rather than absent: an update must clear a level set before, and a PATCH cannot remove a property.
        Assert.Equal(string.Empty, item.Properties[MailboxContactProperties.AccessLevel]);
        Assert.Equal(["erin@fabrikam.com"], item.EmailAddresses);
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
        var item = new MailboxContactItem
        {
            DisplayName = "Carol",
            EmailAddresses = mail is null ? [] : [mail],
            ImAddresses = im is null ? [] : [im],
            Categories = ["friends", "Unknown group"],
        };

        var contact = _mapping.FromMailbox(item, Groups);

        Assert.True(expected == contact?.Uri, $"{name}: {contact?.Uri}");
        if (contact is not null)
        {
            // Outlook's categories name the groups (case aside); unknown ones are left out.
            Assert.Equal([2], contact.GroupIds);
            Assert.Null(contact.AccessLevel);
        }
    }

    [Fact]
    public void StoredSip_WinsOverOutlooksFields_AndBadValuesAreIgnored()
    {
        var item = new MailboxContactItem
        {
            DisplayName = new string('x', 300),
            ImAddresses = ["sip:other@contoso.com"],
            Categories = ["Friends"],
            Properties = new Dictionary<string, string>
            {
                [MailboxContactProperties.SipUri] = "sip:dave@contoso.com",
                [MailboxContactProperties.GroupIds] = "1,99,x",
                [MailboxContactProperties.AccessLevel] = "Supreme",
                [MailboxContactProperties.Tags] = "-3",
                [MailboxContactProperties.Favourite] = "maybe",
            },
        };

        var contact = _mapping.FromMailbox(item, Groups)!;

        Assert.Equal("sip:dave@contoso.com", contact.Uri);
        Assert.Equal([2], contact.GroupIds);
        Assert.Null(contact.AccessLevel);
        Assert.Equal(ContactTags.None, contact.Tags);
        Assert.False(contact.IsFavourite);
        Assert.Equal(Contact.MaxDisplayNameLength, contact.DisplayName!.Length);
    }

    [Fact]
    public void GraphForm_NamesEachPropertyInTheClustersSet_AndReadsOnlyThoseBack()
    {
        var item = _mapping.ToMailbox(new Contact { Uri = "sip:bob@contoso.com", AccessLevel = AccessLevel.Blocked }, Groups);

        var graph = GraphContactMapping.ToGraph(item);
        graph.Id = "AAMk1";
        graph.ChangeKey = "CQAA1";
        graph.SingleValueExtendedProperties!.Add(new GraphModels.SingleValueLegacyExtendedProperty { Id = "String {00000000-0000-0000-0000-000000000001} Name Other", Value = "x" });
        var back = GraphContactMapping.ToItem(graph);

        Assert.All(graph.SingleValueExtendedProperties.SkipLast(1), property => Assert.StartsWith("String {5b6c0f0e-7a43-4d1f-9c2e-3f8a1d6b4e72} Name PresenceCluster.", property.Id, StringComparison.Ordinal));
        Assert.Equal(item.Properties.OrderBy(p => p.Key), back.Properties.OrderBy(p => p.Key));
        Assert.Equal(("AAMk1", "CQAA1"), (back.Id, back.ChangeKey));
        Assert.Equal("$expand=singleValueExtendedProperties($filter=id eq 'String {5b6c0f0e-7a43-4d1f-9c2e-3f8a1d6b4e72} Name PresenceCluster.List')", "$expand=" + GraphContactMapping.ExpandProperties([MailboxContactProperties.List]));
    }
}
