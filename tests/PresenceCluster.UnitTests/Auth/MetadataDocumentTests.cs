using System.Security.Cryptography.X509Certificates;
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
    [InlineData("{\"issuer\":\"a@b\",\"keys\":[{\"usage\":\"signing\",\"keyValue\":{\"type\":\"x509Certificate\",\"value\":\"!!\"}}]}", "signing key 0 is not a base64 DER certificate")]
    public void TryParse_BadDocument_SaysWhatIsWrong(string json, string expected)
    {
        Assert.False(MetadataDocument.TryParse(json, out var document, out var problem));
        Assert.Null(document);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// Documents as the servers publish them: a SharePoint Server farm (<c>/_layouts/15/metadata/json/1</c>: "Signing",
    /// "x509certificate", <c>keyvalue</c>, plus id/version/realm/keyinfo/endpoints), Exchange Server
    /// (<c>/autodiscover/metadata/json/1</c>: name "Exchange", allowedAudiences, lower-case <c>keyvalue</c>), ours,
    /// and one with an encryption key beside two signing keys.
    /// </summary>
    public static TheoryData<string, string, string, int> ServerShapes() => new()
    {
        { "SharePointFarm", SharePointFarm(SharePointId, TestCertificates.First), SharePointId, 1 },
        { "ExchangeServer", ExchangeServer(ExchangeId, TestCertificates.First), ExchangeId, 1 },
        { "Ours", new MetadataDocument($"{LyncId}@{RealmGuid}", LyncId, [TestCertificates.First]).ToJson(), LyncId, 1 },
        { "TwoSigningKeysAndAnEncryptionKey", TwoSigningKeysAndAnEncryptionKey(), SharePointId, 2 },
    };

    [Theory]
    [MemberData(nameof(ServerShapes))]
    public void TryParse_ServerShape_GivesIssuerAndEverySigningKey(string shape, string json, string applicationId, int keys)
    {
        Assert.True(MetadataDocument.TryParse(json, out var document, out var problem), $"{shape}: {problem}");
        Assert.Equal(applicationId, document!.ApplicationId);
        Assert.Equal(RealmGuid, document.Realm);
        Assert.Equal(keys, document.SigningCertificates.Count);
        Assert.Equal(TestCertificates.First.Thumbprint, document.SigningCertificates[0].Thumbprint);
    }

    [Theory]
    [InlineData("EncryptionKeyOnly", "{\"issuer\":\"a@b\",\"keys\":[{\"usage\":\"encryption\",\"keyvalue\":{\"type\":\"x509Certificate\",\"value\":\"AA==\"}}]}", "key 0: usage 'encryption', type 'x509Certificate'")]
    [InlineData("SymmetricSigningKey", "{\"issuer\":\"a@b\",\"keys\":[{\"usage\":\"signing\",\"keyValue\":{\"type\":\"symmetric\",\"value\":\"AA==\"}}]}", "key 0: usage 'signing', type 'symmetric'")]
    [InlineData("UsageNotAString", "{\"issuer\":\"a@b\",\"keys\":[{\"usage\":7,\"keyValue\":{\"type\":\"x509Certificate\",\"value\":\"AA==\"}}]}", "key 0: usage '(none)'")]
    [InlineData("KeysNotAnArray", "{\"issuer\":\"a@b\",\"keys\":{\"usage\":\"signing\"}}", "keys list is empty or missing")]
    [InlineData("IssuerNotAString", "{\"issuer\":[\"a@b\"],\"keys\":[]}", "no issuer")]
    [InlineData("ValueNotAString", "{\"issuer\":\"a@b\",\"keys\":[{\"usage\":\"signing\",\"keyValue\":{\"type\":\"x509Certificate\",\"value\":42}}]}", "signing key 0 is not a base64 DER certificate")]
    [InlineData("ArrayAtTheTop", "[]", "not a JSON object")]
    public void TryParse_NoUsableSigningKey_IsRefusedWithTheReason(string shape, string json, string expected)
    {
        Assert.False(MetadataDocument.TryParse(json, out var document, out var problem), shape);
        Assert.Null(document);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    private const string LyncId = "00000004-0000-0ff1-ce00-000000000000";
    private const string ExchangeId = "00000002-0000-0ff1-ce00-000000000000";
    private const string SharePointId = "00000003-0000-0ff1-ce00-000000000000";
    private const string RealmGuid = "b68d8fbb-3ee3-4ea2-9e5c-4e7a1b3f5c7d";

    private static string Der(X509Certificate2 certificate) => Convert.ToBase64String(certificate.RawData);

    private static string X5t(X509Certificate2 certificate) => S2STokenValidator.X5t(certificate);

    private static string SharePointFarm(string id, X509Certificate2 certificate) => $$$"""
        {"id":"_6f0b3f5e-39d1-4b5c-9a4b-2f1d2f6c7a10","version":"1.0","name":"{{{id}}}","realm":"{{{RealmGuid}}}","serviceName":"{{{id}}}",
         "issuer":"{{{id}}}@{{{RealmGuid}}}","allowedAudiences":["{{{id}}}@{{{RealmGuid}}}"],
         "keys":[{"usage":"Signing","keyinfo":{"x5t":"{{{X5t(certificate)}}}"},"keyvalue":{"type":"x509certificate","value":"{{{Der(certificate)}}}"}}],
         "endpoints":[{"location":"https://sharepoint.contoso.com/_vti_bin/client.svc","protocol":"OAuth2","usage":"issuance"}]}
        """;

    private static string ExchangeServer(string id, X509Certificate2 certificate) => $$$"""
        {"id":"_d34e4a1c-2f6b-4a1e-8b57-cf0e8c3a4b21","version":"1.0","name":"Exchange","realm":"{{{RealmGuid}}}","serviceName":"{{{id}}}",
         "issuer":"{{{id}}}@{{{RealmGuid}}}","allowedAudiences":["{{{id}}}@{{{RealmGuid}}}"],
         "keys":[{"usage":"signing","keyinfo":{"x5t":"{{{X5t(certificate)}}}"},"keyvalue":{"type":"x509Certificate","value":"{{{Der(certificate)}}}"}}],
         "endpoints":[{"location":"https://mail.contoso.com/autodiscover/metadata/json/1","protocol":"OAuth2","usage":"metadata"}]}
        """;

    private static string TwoSigningKeysAndAnEncryptionKey() => $$$"""
        {"issuer":"{{{SharePointId}}}@{{{RealmGuid}}}","keys":[
          {"usage":"signing","keyValue":{"type":"x509Certificate","value":"{{{Der(TestCertificates.First)}}}"}},
          {"usage":"encryption","keyValue":{"type":"x509Certificate","value":"{{{Der(TestCertificates.Weak)}}}"}},
          {"usage":"SIGNING","KeyValue":{"Type":"X509CERTIFICATE","Value":"{{{Der(TestCertificates.Second)}}}"}}]}
        """;

    [Fact]
    public void TryParse_WeakKey_IsRefused()
    {
        var json = new MetadataDocument("a@b", "a", [TestCertificates.Weak]).ToJson();

        Assert.False(MetadataDocument.TryParse(json, out _, out var problem));
        Assert.Contains("at least 2048 bits", problem, StringComparison.Ordinal);
    }
}
