using PresenceCluster.Errors;
using PresenceCluster.Identity;

namespace PresenceCluster.UnitTests.Identity;

public sealed class SipUriTests
{
    [Theory]
    [InlineData("sip:alice@contoso.com", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("SIP:Alice@Contoso.COM", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("  sip:bob@fabrikam.co.uk ", "sip:bob@fabrikam.co.uk", "bob", "fabrikam.co.uk")]
    [InlineData("sip:+14255550100@contoso.com;user=phone", "sip:+14255550100@contoso.com", "+14255550100", "contoso.com")]
    [InlineData("sip:first.last_1@sub-domain.contoso.com", "sip:first.last_1@sub-domain.contoso.com", "first.last_1", "sub-domain.contoso.com")]
    [InlineData("sip:alice@contoso.com;transport=tcp", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("sip:alice@contoso.com;transport=tcp;maddr=10.0.0.1", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("sip:alice@contoso.com?subject=project%20x&priority=urgent", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("sip:alice@contoso.com;gr=urn:uuid:f81d4fae?x=y", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("sip:%41lice@contoso.com", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("sip:%61%6c%69%63%65@Contoso.com", "sip:alice@contoso.com", "alice", "contoso.com")]
    [InlineData("sip:first%2Elast%5F1%7E@contoso.com", "sip:first.last_1~@contoso.com", "first.last_1~", "contoso.com")]
    [InlineData("sip:a%2Bb@contoso.com", "sip:a%2bb@contoso.com", "a%2bb", "contoso.com")]
    [InlineData("sip:a;b@contoso.com", "sip:a;b@contoso.com", "a;b", "contoso.com")]
    public void Parse_ValidUri_IsNormalised(string text, string expected, string user, string domain)
    {
        var uri = SipUri.Parse(text);

        Assert.Equal(expected, uri.Value);
        Assert.Equal(user, uri.User);
        Assert.Equal(domain, uri.Domain);
        Assert.Equal($"{user}@{domain}", uri.Address);
        Assert.True(SipUri.IsNormalised(uri.Value));
    }

    [Theory]
    [InlineData(null, "is empty")]
    [InlineData("", "is empty")]
    [InlineData("alice@contoso.com", "does not start with 'sip:'")]
    [InlineData("sips:alice@contoso.com", "does not start with 'sip:'")]
    [InlineData("sip:alice", "exactly one '@'")]
    [InlineData("sip:a@b@contoso.com", "exactly one '@'")]
    [InlineData("sip:@contoso.com", "empty user part")]
    [InlineData("sip:al ice@contoso.com", "the character ' '")]
    [InlineData("sip:alice@contoso..com", "not a DNS name")]
    [InlineData("sip:alice@-contoso.com", "not a DNS name")]
    [InlineData("sip:alice@contoso_com", "not a DNS name")]
    [InlineData("sip:alice@contoso.com;user=a b", "in its parameters or headers")]
    [InlineData("sip:al%4@contoso.com", "not followed by two hex digits")]
    [InlineData("sip:al%zzice@contoso.com", "not followed by two hex digits")]
    [InlineData("sip:alice%@contoso.com", "not followed by two hex digits")]
    public void Parse_InvalidUri_ThrowsInvalidInputSayingWhy(string? text, string reason)
    {
        var error = Assert.Throws<InvalidInputException>(() => SipUri.Parse(text, "target"));

        Assert.Equal("target", error.Parameter);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(SipUri.TryParse(text, out _));
    }

    [Fact]
    public void Parse_TooLong_ThrowsWithLimit()
    {
        var text = "sip:" + new string('a', 250) + "@contoso.com";

        var error = Assert.Throws<InvalidInputException>(() => SipUri.Parse(text));

        Assert.Contains("at most 256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:alice@contoso.com", true)]
    [InlineData("sip:alice@contoso", true)]
    [InlineData("Sip:alice@contoso.com", false)]
    [InlineData("sip:Alice@contoso.com", false)]
    [InlineData(" sip:alice@contoso.com", false)]
    [InlineData("sip:alice", false)]
    [InlineData("", false)]
    [InlineData("sip:alice@contoso.com;transport=tcp", false)]
    [InlineData("sip:alice@contoso.com?subject=x", false)]
    [InlineData("sip:%61lice@contoso.com", false)]
    [InlineData("sip:a%2bb@contoso.com", true)]
    public void IsNormalised_Text_TellsWhetherItIsANormalisedUri(string text, bool expected)
    {
        Assert.Equal(expected, SipUri.IsNormalised(text));
    }

    [Fact]
    public void Equality_DifferentCase_IsEqual()
    {
        Assert.Equal(SipUri.Parse("sip:ALICE@contoso.com"), SipUri.Parse("sip:alice@CONTOSO.com"));
        Assert.True(SipUri.Parse("sip:a@contoso.com") != SipUri.Parse("sip:b@contoso.com"));
    }

    [Theory]
    [InlineData("sip:+14255550100@contoso.com", "sip:%2b14255550100@contoso.com")]
    [InlineData("sip:a%2bb@contoso.com", "sip:a%252bb@contoso.com")]
    [InlineData("sip:a+%2b@contoso.com", "sip:a%2b%252b@contoso.com")]
    [InlineData("sip:020235@contoso.com", "sip:020235@contoso.com")]
    public void UserGrainKey_EncodesPlusAndPercent_AndDecodesBack(string uri, string expectedKey)
    {
        var key = UserGrainKey.For(SipUri.Parse(uri));

        Assert.Equal(expectedKey, key);
        Assert.DoesNotContain('+', key);
        Assert.Equal(uri, UserGrainKey.Decode(key));
    }

    [Fact]
    public void UserGrainKey_UrisThatDifferOnlyInPlusOrLeadingZero_GetDistinctKeys()
    {
        string[] uris = ["sip:+1425@contoso.com", "sip:1425@contoso.com", "sip:%2b1425@contoso.com", "sip:020235@contoso.com", "sip:20235@contoso.com"];

        var keys = uris.Select(u => UserGrainKey.For(SipUri.Parse(u))).ToArray();

        Assert.Equal(uris.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }
}
