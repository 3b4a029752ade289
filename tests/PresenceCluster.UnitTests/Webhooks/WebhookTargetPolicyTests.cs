using System.Net;
using PresenceCluster.Webhooks;

namespace PresenceCluster.UnitTests.Webhooks;

/// <summary>Where webhooks may go: no request forgery into this machine or its networks unless configured.</summary>
public sealed class WebhookTargetPolicyTests
{
    private static readonly WebhookTargetPolicy Strict = new(allowLoopback: false, allowPrivateNetworks: false);
    private static readonly WebhookTargetPolicy Development = new(allowLoopback: true, allowPrivateNetworks: false);
    private static readonly WebhookTargetPolicy Intranet = new(allowLoopback: false, allowPrivateNetworks: true);

    [Theory]
    [InlineData("Https_PublicName", "https://hooks.contoso.com/presence?tenant=1", null)]
    [InlineData("Https_PublicAddress", "https://20.30.40.50/hook", null)]
    [InlineData("Https_ExplicitPort", "https://hooks.contoso.com:8443/hook", null)]
    [InlineData("Http_PublicName", "http://hooks.contoso.com/hook", "must use https")]
    [InlineData("Missing", "", "is missing")]
    [InlineData("Relative", "/hook", "absolute https URL")]
    [InlineData("OtherScheme", "ftp://hooks.contoso.com/", "absolute https URL")]
    [InlineData("UserInfo", "https://user:pw@hooks.contoso.com/", "user name or password")]
    [InlineData("Fragment", "https://hooks.contoso.com/#x", "fragment")]
    [InlineData("Localhost", "https://localhost/hook", "points at this machine")]
    [InlineData("LoopbackV4", "http://127.0.0.1:8080/hook", "points at this machine")]
    [InlineData("LoopbackV6", "https://[::1]/hook", "points at this machine")]
    [InlineData("SubdomainOfLocalhost", "https://evil.localhost/hook", "points at this machine")]
    [InlineData("Private10", "https://10.0.0.5/hook", "private-network address 10.0.0.5")]
    [InlineData("Private172", "https://172.20.1.1/hook", "private-network address 172.20.1.1")]
    [InlineData("Private192", "https://192.168.1.1/hook", "private-network address 192.168.1.1")]
    [InlineData("CloudMetadata", "https://169.254.169.254/latest/meta-data", "private-network address 169.254.169.254")]
    [InlineData("CarrierNat", "https://100.64.0.1/", "private-network address 100.64.0.1")]
    [InlineData("UniqueLocalV6", "https://[fd00::1]/", "private-network address fd00::1")]
    [InlineData("MappedLoopback", "https://[::ffff:127.0.0.1]/", "points at this machine")]
    [InlineData("Unspecified", "https://0.0.0.0/", "not a unicast address")]
    [InlineData("Multicast", "https://224.0.0.1/", "not a unicast address")]
    public void StrictPolicy_CheckUrl(string name, string url, string? expectedProblem)
    {
        var problem = Strict.CheckUrl(url, out var parsed);

        if (expectedProblem is null)
        {
            Assert.True(problem is null, $"{name}: {problem}");
            Assert.Equal(new Uri(url), parsed);
        }
        else
        {
            Assert.Contains(expectedProblem, problem, StringComparison.Ordinal);
            Assert.Null(parsed);
        }
    }

    [Fact]
    public void LongUrl_IsRefused()
    {
        Assert.Contains("at most 2048", Strict.CheckUrl("https://hooks.contoso.com/" + new string('a', 2048), out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("https://[::1]/hook")]
    public void DevelopmentPolicy_AllowsLoopback_AlsoOverHttp(string url) => Assert.Null(Development.CheckUrl(url, out _));

    [Fact]
    public void DevelopmentPolicy_StillRefusesPrivateNetworks() =>
        Assert.Contains("private-network", Development.CheckUrl("https://10.0.0.5/", out _), StringComparison.Ordinal);

    [Fact]
    public void IntranetPolicy_AllowsPrivateNetworks_ButNotLoopbackOrHttp()
    {
        Assert.Null(Intranet.CheckUrl("https://10.0.0.5/hook", out _));
        Assert.Contains("points at this machine", Intranet.CheckUrl("https://127.0.0.1/", out _), StringComparison.Ordinal);
        Assert.Contains("must use https", Intranet.CheckUrl("http://10.0.0.5/", out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("127.0.0.53", false)]
    [InlineData("10.255.255.255", false)]
    [InlineData("172.31.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("fe80::1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:a00:1::", false)]
    public void ConnectTimeCheck_OfResolvedAddresses(string address, bool allowed) =>
        Assert.Equal(allowed, Strict.CheckAddress(IPAddress.Parse(address)) is null);
}
