using System.Xml.Linq;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Ews;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>The contact operations' SOAP: the schema's element order, the named properties' form, and the documented answers and errors.</summary>
public sealed class EwsContactSoapTests
{
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    private static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";

    private static readonly MailboxContactItem Item = new()
    {
        Id = "AAMk1",
        ChangeKey = "CQAA1",
        DisplayName = "Bob Kelly",
        EmailAddresses = ["bob@contoso.com"],
        ImAddresses = ["sip:bob@contoso.com"],
        Categories = ["Team"],
        Properties = new Dictionary<string, string> { [MailboxContactProperties.SipUri] = "sip:bob@contoso.com", [MailboxContactProperties.AccessLevel] = "Blocked" },
    };

    [Fact]
    public void CreateItem_WritesTheContactInTheSchemasOrder_WithNamedProperties()
    {
        var contact = XDocument.Parse(EwsContactSoap.CreateItem("folder-1", Item, "Exchange2013")).Descendants(T + "Contact").Single();

        Assert.Equal(["Categories", "ExtendedProperty", "ExtendedProperty", "DisplayName", "EmailAddresses", "ImAddresses"], contact.Elements().Select(e => e.Name.LocalName));
        var uri = contact.Element(T + "ExtendedProperty")!.Element(T + "ExtendedFieldURI")!;
        Assert.Equal("5b6c0f0e-7a43-4d1f-9c2e-3f8a1d6b4e72", (string?)uri.Attribute("PropertySetId"));
        Assert.Equal("PresenceCluster.SipUri", (string?)uri.Attribute("PropertyName"));
        Assert.Equal("String", (string?)uri.Attribute("PropertyType"));
    }

    [Fact]
    public void UpdateItem_NeverOverwrites_AndNamesTheChangeKey()
    {
        var update = XDocument.Parse(EwsContactSoap.UpdateItem(Item with { Categories = [] }, "Exchange2013")).Descendants(M + "UpdateItem").Single();

        Assert.Equal("NeverOverwrite", (string?)update.Attribute("ConflictResolution"));
        Assert.Equal("CQAA1", (string?)update.Descendants(T + "ItemId").Single().Attribute("ChangeKey"));
        Assert.Equal("item:Categories", (string?)update.Descendants(T + "DeleteItemField").Single().Element(T + "FieldURI")!.Attribute("FieldURI"));
    }

    [Fact]
    public void SyncFolderItems_Answer_IsCreatesUpdatesAndDeletes_WithTheClustersProperties()
    {
        var answer = Envelope("SyncFolderItems", "Success", "NoError",
            new XElement(M + "SyncState", "state-2"),
            new XElement(M + "IncludesLastItemInRange", "false"),
            new XElement(M + "Changes",
                new XElement(T + "Create", EwsContactSoap.ContactElement(Item).AddFirstElement(new XElement(T + "ItemId", new XAttribute("Id", "AAMk1"), new XAttribute("ChangeKey", "CQAA1")))),
                new XElement(T + "Delete", new XElement(T + "ItemId", new XAttribute("Id", "AAMk9")))));

        var page = EwsContactSoap.ParseSyncFolderItems(answer);

        var changed = Assert.Single(page.Changed);
        Assert.Equal(("AAMk1", "CQAA1", "Blocked"), (changed.Id, changed.ChangeKey, changed.Properties[MailboxContactProperties.AccessLevel]));
        Assert.Equal(["Team"], changed.Categories);
        Assert.Equal(["AAMk9"], page.Removed);
        Assert.Equal("state-2", page.SyncState);
        Assert.True(page.MoreAvailable);
        Assert.True(page.PropertiesIncluded);
    }

    [Theory]
    [InlineData("SyncFolderItems", "ErrorInvalidSyncStateData")]
    [InlineData("UpdateItem", "ErrorIrresolvableConflict")]
    [InlineData("UpdateItem", "ErrorItemNotFound")]
    public void ItemLevelErrors_AreTheirOwnException(string operation, string code)
    {
        var answer = Envelope(operation, "Error", code);

        var error = Assert.Throws<EwsItemException>(() => operation == "UpdateItem" ? EwsContactSoap.ParseItemId(answer, operation).Id : EwsContactSoap.ParseSyncFolderItems(answer).SyncState);

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void OtherErrors_AndOtherShapes_AreFormatErrors()
    {
        Assert.Throws<FormatException>(() => EwsContactSoap.ParseItemId(Envelope("CreateItem", "Error", "ErrorQuotaExceeded"), "CreateItem"));
        Assert.Throws<FormatException>(() => EwsContactSoap.ParseSyncFolderItems("<html>not EWS</html>"));
        Assert.Null(EwsContactSoap.ParseCreatedFolder(Envelope("CreateFolder", "Error", "ErrorFolderExists")));
        Assert.Null(EwsContactSoap.ParseGetItem(Envelope("GetItem", "Error", "ErrorItemNotFound")));
    }

    private static string Envelope(string operation, string responseClass, string code, params object[] content) =>
        new XElement(EwsSoap.Soap + "Envelope",
            new XElement(EwsSoap.Soap + "Body",
                new XElement(M + $"{operation}Response",
                    new XElement(M + "ResponseMessages",
                        new XElement(M + $"{operation}ResponseMessage", new XAttribute("ResponseClass", responseClass), new XElement(M + "ResponseCode", code), content))))).ToString();
}

internal static class XElementExtensions
{
    public static XElement AddFirstElement(this XElement element, XElement first)
    {
        element.AddFirst(first);
        return element;
    }
}
