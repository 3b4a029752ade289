using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PresenceCluster.Auth;

/// <summary>
/// The OAuth metadata document servers publish (we at <c>/metadata/json/1</c>, Exchange at
/// <c>/autodiscover/metadata/json/1</c>, SharePoint at <c>/_layouts/15/metadata/json/1</c>; docs/oauth-s2s.md):
/// <c>{"issuer":"appId@realm","name":"appId","serviceName":"appId","keys":[{"usage":"signing","keyValue":{"type":"x509Certificate","value":"base64 DER"}}]}</c>.
/// </summary>
public sealed record class MetadataDocument(string Issuer, string Name, IReadOnlyList<X509Certificate2> SigningCertificates)
{
    /// <summary>The issuer's application id (before '@').</summary>
    public string ApplicationId => Issuer[..Issuer.IndexOf('@', StringComparison.Ordinal)];

    /// <summary>The issuer's realm (after '@').</summary>
    public string Realm => Issuer[(Issuer.IndexOf('@', StringComparison.Ordinal) + 1)..];

    /// <summary>The document as JSON.</summary>
    public string ToJson() => new JsonObject
    {
        ["issuer"] = Issuer,
        ["name"] = Name,
        ["serviceName"] = Name,
        ["keys"] = new JsonArray([.. SigningCertificates.Select(c => (JsonNode)new JsonObject
        {
            ["usage"] = "signing",
            ["keyValue"] = new JsonObject { ["type"] = "x509Certificate", ["value"] = Convert.ToBase64String(c.RawData) },
        })]),
    }.ToJsonString(WriteOptions);

    // Base64 is written as is ('+' not as \u002B): some partners compare the document's text, not its JSON value.
    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Parses a partner's document; on failure says what was wrong. Property names, <c>usage</c> and the key type
    /// are compared without case (a SharePoint farm writes <c>"usage":"Signing"</c>, Exchange <c>"keyvalue"</c>),
    /// fields we do not use (<c>id</c>, <c>version</c>, <c>realm</c>, <c>keyinfo</c>, <c>endpoints</c>, …) are
    /// ignored, and every signing key that is an X.509 certificate is taken; keys for other uses are skipped.
    /// </summary>
    public static bool TryParse(string json, out MetadataDocument? document, out string problem)
    {
        document = null;
        problem = string.Empty;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, new JsonNodeOptions { PropertyNameCaseInsensitive = true }, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            problem = $"the document is not JSON ({exception.Message})";
            return false;
        }

        if (root is not JsonObject)
        {
            problem = "the document is not a JSON object";
            return false;
        }

        var issuer = Text(root["issuer"]);
        if (issuer is null || issuer.IndexOf('@', StringComparison.Ordinal) is <= 0 || issuer.EndsWith('@'))
        {
            problem = "the document has no issuer of the form appId@realm";
            return false;
        }

        var certificates = new List<X509Certificate2>();
        var skipped = new List<string>();
        var keys = root["keys"] as JsonArray ?? [];
        for (var i = 0; i < keys.Count; i++)
        {
            var usage = Text(keys[i]?["usage"]);
            var type = Text(keys[i]?["keyValue"]?["type"]);
            if (!string.Equals(usage, "signing", StringComparison.OrdinalIgnoreCase) || !string.Equals(type, "x509Certificate", StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add($"key {i}: usage '{usage ?? "(none)"}', type '{type ?? "(none)"}'");
                continue;
            }

            try
            {
                var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Text(keys[i]!["keyValue"]!["value"]) ?? string.Empty));
                if (certificate.GetRSAPublicKey() is not { KeySize: >= 2048 })
                {
                    problem = $"signing key {i} is not RSA of at least 2048 bits";
                    return false;
                }

                certificates.Add(certificate);
            }
            catch (Exception exception) when (exception is FormatException or CryptographicException)
            {
                problem = $"signing key {i} is not a base64 DER certificate ({exception.Message})";
                return false;
            }
        }

        if (certificates.Count == 0)
        {
            problem = skipped.Count == 0
                ? "the document has no signing certificate (its keys list is empty or missing)"
                : $"the document has no signing certificate: a key needs usage 'signing' and keyValue type 'x509Certificate' ({string.Join("; ", skipped)})";
            return false;
        }

        var applicationId = issuer[..issuer.IndexOf('@', StringComparison.Ordinal)];
        document = new MetadataDocument(issuer, Text(root["name"]) ?? applicationId, certificates);
        return true;
    }

    /// <summary>A JSON string's value, or null for anything else (a hostile document may put any kind anywhere).</summary>
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
