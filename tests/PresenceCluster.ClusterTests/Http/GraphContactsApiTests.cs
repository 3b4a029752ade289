using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Graph.Models;
using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Http;

/// <summary>The signed-in user's contact list as Graph's contacts, over a real silo, and through the Microsoft.Graph SDK.</summary>
public sealed class GraphContactsApiTests : IDisposable
{
    private static readonly string[] BobWithParameters = ["sip:Bob@Contoso.com;transport=tcp"];
    private static readonly string[] Team = ["Team"];
    private readonly SiloWebApplicationFactory _factory = new(new Dictionary<string, string?>());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Contacts_CreateReadUpdateDelete_AndDelta_InGraphsShape()
    {
        using var http = await _factory.CreateSignedInClientAsync("alice@contoso.com");

        using var created = await http.PostAsJsonAsync("/v1.0/me/contacts", new
        {
            displayName = "Bob",
            imAddresses = BobWithParameters,
            categories = Team,
            presenceAccessLevel = "Workgroup",
        });
        var first = await http.GetFromJsonAsync<JsonElement>("/v1.0/me/contacts/delta");
        using var emailOnly = await http.PostAsJsonAsync("/v1.0/me/contacts", new { emailAddresses = new[] { new { address = "carol@contoso.com" } } });
        using var patched = await http.PatchAsJsonAsync("/v1.0/me/contacts/bob@contoso.com", new { displayName = "Bob B.", presenceAccessLevel = "Blocked" });
        using var deleted = await http.DeleteAsync("/v1.0/me/contacts/carol@contoso.com");
        var next = await http.GetFromJsonAsync<JsonElement>(first.GetProperty("@odata.deltaLink").GetString()!);
        var all = await http.GetFromJsonAsync<JsonElement>("/v1.0/me/contacts");
        var folders = await http.GetFromJsonAsync<JsonElement>("/v1.0/me/contactFolders");
        using var missing = await http.GetAsync("/v1.0/me/contacts/nobody@contoso.com");
        using var noAddress = await http.PostAsJsonAsync("/v1.0/me/contacts", new { displayName = "Nobody" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bob = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bob@contoso.com", bob.GetProperty("id").GetString());
        Assert.Equal(["sip:bob@contoso.com"], bob.GetProperty("imAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Team"], bob.GetProperty("categories").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Workgroup", bob.GetProperty("presenceAccessLevel").GetString());
        Assert.Equal(["bob@contoso.com"], first.GetProperty("value").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Created, emailOnly.StatusCode);
        Assert.Equal("Bob B.", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var changes = next.GetProperty("value").EnumerateArray().ToArray();
        Assert.Contains(changes, c => c.GetProperty("id").GetString() == "bob@contoso.com" && c.GetProperty("presenceAccessLevel").GetString() == "Blocked");
        Assert.Contains(changes, c => c.GetProperty("id").GetString() == "carol@contoso.com" && c.TryGetProperty("@removed", out _));
        Assert.Equal(["bob@contoso.com"], all.GetProperty("value").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("contacts", folders.GetProperty("value")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("itemNotFound", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noAddress.StatusCode);
    }

    [Fact]
    public async Task MicrosoftGraphSdk_ListsCreatesDeletesContacts_AndReadsTheDelta()
    {
        using var http = _factory.CreateClient();
        var graph = http.CreateGraphClient(await http.SignInAsync("dave@contoso.com"));

        var created = await graph.Me.Contacts.PostAsync(new Contact { DisplayName = "Erin", ImAddresses = ["sip:erin@contoso.com"], Categories = ["Friends"] });
        var listed = await graph.Me.Contacts.GetAsync();
        var delta = await graph.Me.Contacts.Delta.GetAsDeltaGetResponseAsync();
        await graph.Me.Contacts["erin@contoso.com"].DeleteAsync();
        var afterDelete = await graph.Me.Contacts.GetAsync();

        Assert.Equal("erin@contoso.com", created!.Id);
        Assert.Equal(["Friends"], created.Categories);
        Assert.Equal(["Erin"], listed!.Value!.Select(c => c.DisplayName));
        Assert.Equal(["erin@contoso.com"], delta!.Value!.Select(c => c.Id));
        Assert.Contains("$deltatoken=", delta.OdataDeltaLink, StringComparison.Ordinal);
        Assert.Empty(afterDelete!.Value!);
    }
}
