using PresenceCluster.Contacts;
using PresenceCluster.Errors;
using PresenceCluster.Privacy;

namespace PresenceCluster.UnitTests.Contacts;

public sealed class ContactBookTests
{
    private const string Owner = "sip:alice@contoso.com";
    private readonly ContactBook _book = new(Owner, new ContactOptions());
    private readonly ContactListRecord _empty = new();

    private static Contact Contact(string uri, params int[] groups) => new() { Uri = uri, GroupIds = groups };

    [Theory]
    [InlineData("DisplayNameNul", "Bob\0")]
    [InlineData("DisplayNameOverride", "\u202EboB")]
    public void SetContact_DisplayNameWithRefusedCharacter_IsRefused_AndChangesNothing(string name, string displayName)
    {
        var error = Assert.Throws<InvalidInputException>(() => _book.SetContact(new ContactListRecord(), new Contact { Uri = "sip:bob@contoso.com", DisplayName = displayName }));

        Assert.Equal("contact.DisplayName", error.Parameter);
        Assert.NotEmpty(name);
    }

    [Fact]
    public void SetContact_UriWithParameters_IsTheSameContactAsWithout()
    {
        var record = _book.SetContact(new ContactListRecord(), new Contact { Uri = "sip:bob@contoso.com;transport=tcp", DisplayName = "Bob" });

        var again = _book.SetContact(record, new Contact { Uri = "sip:%62ob@Contoso.com", DisplayName = "Bob" });

        Assert.Equal("sip:bob@contoso.com", Assert.Single(again.Contacts).Uri);
        Assert.Same(record, again);
    }

    [Fact]
    public void CreateGroup_NameWithControlCharacter_IsRefused()
    {
        Assert.Equal("name", Assert.Throws<InvalidInputException>(() => _book.CreateGroup(new ContactListRecord(), "Team\u0008")).Parameter);
    }

    [Fact]
    public void SetContact_New_AddsNormalisedAndBumpsVersion()
    {
        var record = _book.SetContact(_empty, new Contact { Uri = "SIP:Bob@Contoso.com", DisplayName = "Bob" });

        Assert.Equal(1, record.Version);
        var contact = Assert.Single(record.Contacts);
        Assert.Equal("sip:bob@contoso.com", contact.Uri);
        Assert.Equal("Bob", contact.DisplayName);
    }

    [Fact]
    public void SetContact_SameAgain_ChangesNothing()
    {
        var once = _book.SetContact(_empty, Contact("sip:bob@contoso.com"));

        var twice = _book.SetContact(once, Contact("sip:bob@contoso.com"));

        Assert.Same(once, twice);
    }

    [Fact]
    public void SetContact_BeyondTheLimit_IsRefusedAndChangesNothing()
    {
        var book = new ContactBook(Owner, new ContactOptions { MaxContacts = 1000 });
        var record = _empty;
        for (var i = 0; i < 1000; i++)
        {
            record = book.SetContact(record, Contact($"sip:user{i}@contoso.com"));
        }

        var error = Assert.Throws<LimitReachedException>(() => book.SetContact(record, Contact("sip:one-more@contoso.com")));

        Assert.Equal(1000, error.Limit);
        Assert.Equal(1000, record.Contacts.Count);
        Assert.Equal(1000, record.Version);
        Assert.Same(record, book.SetContact(record, Contact("sip:user5@contoso.com")));
    }

    [Theory]
    [InlineData("not-a-uri", "contact.Uri")]
    [InlineData("sip:alice@contoso.com", "contact.Uri")]
    public void SetContact_BadUri_IsRefused(string uri, string parameter)
    {
        var error = Assert.Throws<InvalidInputException>(() => _book.SetContact(_empty, Contact(uri)));

        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void SetContact_UnknownGroup_IsRefused()
    {
        var error = Assert.Throws<NotFoundException>(() => _book.SetContact(_empty, Contact("sip:bob@contoso.com", 9)));

        Assert.Equal("group", error.Kind);
    }

    [Fact]
    public void SetContact_UndefinedAccessLevel_IsRefused()
    {
        var error = Assert.Throws<InvalidInputException>(() => _book.SetContact(_empty, new Contact { Uri = "sip:bob@contoso.com", AccessLevel = (AccessLevel)42 }));

        Assert.Equal("contact.AccessLevel", error.Parameter);
    }

    [Fact]
    public void CreateGroup_BeyondSixtyFour_IsRefused()
    {
        var record = _empty;
        for (var i = 0; i < 64; i++)
        {
            record = _book.CreateGroup(record, $"Group {i}").Record;
        }

        Assert.Throws<LimitReachedException>(() => _book.CreateGroup(record, "Group 65"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("friends")]
    public void CreateGroup_EmptyOrDuplicateName_IsRefused(string name)
    {
        var record = _book.CreateGroup(_empty, "Friends").Record;

        Assert.Throws<InvalidInputException>(() => _book.CreateGroup(record, name));
    }

    [Fact]
    public void DeleteGroup_KeepsItsContactsOutsideTheGroup()
    {
        var (record, group) = _book.CreateGroup(_empty, "Team");
        record = _book.SetContact(record, Contact("sip:bob@contoso.com", group.Id));

        record = _book.DeleteGroup(record, group.Id);

        Assert.Empty(record.Groups);
        Assert.Empty(Assert.Single(record.Contacts).GroupIds);
    }

    [Fact]
    public void ChangesSince_KnownVersion_ReturnsOnlyWhatChanged()
    {
        var (record, group) = _book.CreateGroup(_empty, "Team");
        record = _book.SetContact(record, Contact("sip:bob@contoso.com", group.Id));
        record = _book.SetContact(record, Contact("sip:carol@contoso.com"));
        var clientVersion = record.Version;
        record = _book.SetAccessLevel(record, "sip:bob@contoso.com", AccessLevel.Workgroup);
        record = _book.RemoveContact(record, "sip:carol@contoso.com");
        record = _book.RenameGroup(record, group.Id, "Core team");

        var changes = ContactBook.ChangesSince(record, clientVersion);

        Assert.False(changes.IsFullResync);
        Assert.Equal(clientVersion, changes.FromVersion);
        Assert.Equal(record.Version, changes.ToVersion);
        Assert.Equal(AccessLevel.Workgroup, Assert.Single(changes.UpsertedContacts).AccessLevel);
        Assert.Equal(["sip:carol@contoso.com"], changes.RemovedContacts);
        Assert.Equal("Core team", Assert.Single(changes.UpsertedGroups).Name);
        Assert.Empty(changes.RemovedGroups);
    }

    [Fact]
    public void ChangesSince_CurrentVersion_IsEmpty()
    {
        var record = _book.SetContact(_empty, Contact("sip:bob@contoso.com"));

        var changes = ContactBook.ChangesSince(record, record.Version);

        Assert.False(changes.IsFullResync);
        Assert.Empty(changes.UpsertedContacts);
        Assert.Empty(changes.RemovedContacts);
    }

    [Fact]
    public void ChangesSince_VersionNoLongerLogged_IsAFullResync()
    {
        var book = new ContactBook(Owner, new ContactOptions { ChangeLogLength = 16 });
        var record = _empty;
        for (var i = 0; i < 20; i++)
        {
            record = book.SetContact(record, Contact($"sip:user{i}@contoso.com"));
        }

        var stale = ContactBook.ChangesSince(record, 1);
        var recent = ContactBook.ChangesSince(record, 10);

        Assert.True(stale.IsFullResync);
        Assert.Equal(20, stale.UpsertedContacts.Count);
        Assert.False(recent.IsFullResync);
        Assert.Equal(10, recent.UpsertedContacts.Count);
        Assert.Equal(16, record.Changes.Count);
    }

    [Fact]
    public void ChangesSince_NegativeVersion_IsRefused()
    {
        Assert.Throws<InvalidInputException>(() => ContactBook.ChangesSince(_empty, -1));
    }

    [Fact]
    public void ToPrivacyPolicy_CarriesLevelsAndPrivacyMode()
    {
        var record = _book.SetContact(_empty, new Contact { Uri = "sip:bob@contoso.com", AccessLevel = AccessLevel.Blocked });
        record = _book.SetContact(record, Contact("sip:carol@fabrikam.com"));
        record = _book.SetPrivacyMode(record, true);

        var policy = ContactBook.ToPrivacyPolicy(record);

        Assert.True(policy.PrivacyMode);
        Assert.Equal(AccessLevel.Blocked, policy.Contacts["sip:bob@contoso.com"]);
        Assert.Null(policy.Contacts["sip:carol@fabrikam.com"]);
        Assert.Equal(record.Version, policy.Version);
    }
}
