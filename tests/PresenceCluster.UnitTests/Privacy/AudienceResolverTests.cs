using PresenceCluster.Privacy;

namespace PresenceCluster.UnitTests.Privacy;

public sealed class AudienceResolverTests
{
    private const string Alice = "sip:alice@contoso.com";

    private static PrivacyPolicy Policy(bool privacyMode, params (string Uri, AccessLevel? Level)[] contacts) =>
        new(contacts.ToDictionary(c => c.Uri, c => c.Level, StringComparer.Ordinal), privacyMode, 1);

    [Theory]
    [InlineData("sip:alice@contoso.com", ViewAudience.Self)]
    [InlineData("sip:bob@contoso.com", ViewAudience.Colleagues)]
    [InlineData("sip:carol@fabrikam.com", ViewAudience.External)]
    [InlineData("sip:dave@sub.contoso.com", ViewAudience.External)]
    public void Resolve_NoGrant_DefaultsByDomain(string watcher, ViewAudience expected)
    {
        Assert.Equal(expected, AudienceResolver.Resolve(Alice, watcher, PrivacyPolicy.Default));
    }

    [Theory]
    [InlineData(AccessLevel.External, ViewAudience.External)]
    [InlineData(AccessLevel.Colleagues, ViewAudience.Colleagues)]
    [InlineData(AccessLevel.Workgroup, ViewAudience.Workgroup)]
    [InlineData(AccessLevel.FriendsAndFamily, ViewAudience.FriendsAndFamily)]
    [InlineData(AccessLevel.Blocked, ViewAudience.Blocked)]
    public void Resolve_ExplicitGrant_OverridesTheDefault(AccessLevel level, ViewAudience expected)
    {
        var policy = Policy(false, ("sip:carol@fabrikam.com", level));

        Assert.Equal(expected, AudienceResolver.Resolve(Alice, "sip:carol@fabrikam.com", policy));
    }

    [Theory]
    [InlineData("sip:bob@contoso.com", ViewAudience.Colleagues)]
    [InlineData("sip:carol@fabrikam.com", ViewAudience.Workgroup)]
    [InlineData("sip:erin@contoso.com", ViewAudience.HiddenByPrivacyMode)]
    [InlineData("sip:frank@fabrikam.com", ViewAudience.HiddenByPrivacyMode)]
    [InlineData("sip:alice@contoso.com", ViewAudience.Self)]
    public void Resolve_PrivacyMode_HidesPresenceFromEveryoneOffTheList(string watcher, ViewAudience expected)
    {
        var policy = Policy(true, ("sip:bob@contoso.com", null), ("sip:carol@fabrikam.com", AccessLevel.Workgroup));

        Assert.Equal(expected, AudienceResolver.Resolve(Alice, watcher, policy));
    }

    [Fact]
    public void Resolve_TargetWithUriParameters_ComparesDomainsWithoutThem()
    {
        Assert.Equal(ViewAudience.Colleagues, AudienceResolver.Resolve("sip:+1425@contoso.com;user=phone", "sip:bob@contoso.com", PrivacyPolicy.Default));
    }
}
