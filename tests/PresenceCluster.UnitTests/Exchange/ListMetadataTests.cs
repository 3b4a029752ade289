using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Contacts;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>The list's groups and privacy mode as the folder's property: round trip, and anything else read as none.</summary>
public sealed class ListMetadataTests
{
    [Fact]
    public void Metadata_RoundTrips()
    {
        var metadata = new ListMetadata { Groups = [new ContactGroup { Id = 3, Name = "Team \"A\"" }], PrivacyMode = true };

        var back = ListMetadata.Parse(metadata.Serialize());

        Assert.True(back!.SameAs(metadata));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"groups\":\"x\"}")]
    public void AnythingElse_IsNoMetadata(string? value) => Assert.Null(ListMetadata.Parse(value));

    [Fact]
    public void AValueLongerThanTheLimit_IsNoMetadata() =>
        Assert.Null(ListMetadata.Parse("{\"groups\":[],\"x\":\"" + new string('x', ListMetadata.MaxLength) + "\"}"));
}
