using PresenceCluster.Contacts;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

public sealed class OptionsValidatorTests
{
    [Fact]
    public void PresenceOptions_Defaults_AreValid()
    {
        Assert.True(new PresenceOptionsValidator().Validate(null, new PresenceOptions()).Succeeded);
        Assert.True(new ContactOptionsValidator().Validate(null, new ContactOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, "Presence:MaxEndpointsPerUser is 0; it must be between 1 and 64.")]
    [InlineData(65, "Presence:MaxEndpointsPerUser is 65; it must be between 1 and 64.")]
    public void PresenceOptions_EndpointLimitOutOfRange_FailsWithClearMessage(int max, string message)
    {
        var result = new PresenceOptionsValidator().Validate(null, new PresenceOptions { MaxEndpointsPerUser = max });

        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void PresenceOptions_NoteHistoryBeyondTen_Fails()
    {
        var result = new PresenceOptionsValidator().Validate(null, new PresenceOptions { NoteHistoryLength = 11 });

        Assert.Equal(["Presence:NoteHistoryLength is 11; it must be between 0 and 10."], result.Failures);
    }

    [Fact]
    public void ContactOptions_MoreThanAThousandContacts_Fails()
    {
        var result = new ContactOptionsValidator().Validate(null, new ContactOptions { MaxContacts = 1001 });

        Assert.Equal(["Contacts:MaxContacts is 1001; it must be between 0 and 1000."], result.Failures);
    }
}
