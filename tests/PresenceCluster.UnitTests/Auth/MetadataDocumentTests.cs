using System.Text.Json;
using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

public sealed class MetadataDocumentTests
{
    [Fact]
    public void ToJson_HasTheReferenceShape_AndParsesBack()
    {
        var document = new MetadataDocument("00000004-0000-0ff1-ce00-000000000000@contoso.com", "00000004-0000-0ff1-ce00-000000000000", [TestCertificates.First, TestCertificates.Second]);

        var json = document.ToJson();
        var root = JsonDocument.Parse(json).RootElement;
        var parsed = MetadataDocument.TryParse(json, out var back, out var problem);

        Assert.Equal("00000004-0000-0ff1-ce00-000000000000@contoso.com", root.GetProperty("issuer").GetString());
        Assert.Equal("00000004-0000-0ff1-ce00-000000000000", root.GetProperty("serviceName").GetString());
        Assert.Equal("signing", root.GetProperty("keys")[0].GetProperty("usage").GetString());
        Assert.Equal("x509Certificate", root.GetProperty("keys")[0].GetProperty("keyValue").GetProperty("type").GetString());
        Assert.True(parsed, problem);
        Assert.Equal("00000004-0000-0ff1-ce00-000000000000", back!.ApplicationId);
        Assert.Equal("contoso.com", back.Realm);
        Assert.Equal([TestCertificates.First.Thumbprint, TestCertificates.Second.Thumbprint], back.SigningCertificates.Select(c => c.Thumbprint));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"keys\":[]}", "no issuer")]
    [InlineData("{\"issuer\":\"nodomain\",\"keys\":[]}", "no issuer")]
    [InlineData("{\"issuer\":\"a@b\",\"keys\":[]}", "no signing certificate")]
    [InlineData("{\"issuer\":\"a@b\",\"keys\":[{\"usage\":\"signing\",\"keyValue\":{\"type\":\"x509Certificate\",\"value\":\"!!\"}}]}", "not a base64 DER certificate")]
    public void TryParse_BadDocument_SaysWhatIsWrong(string json, string expected)
    {
        Assert.False(MetadataDocument.TryParse(json, out var document, out var problem));
        Assert.Null(document);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WeakKey_IsRefused()
    {
        var json = new MetadataDocument("a@b", "a", [TestCertificates.Weak]).ToJson();

        Assert.False(MetadataDocument.TryParse(json, out _, out var problem));
        Assert.Contains("at least 2048 bits", problem, StringComparison.Ordinal);
    }
}
