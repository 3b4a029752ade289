using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PresenceCluster.Auth;

/// <summary>
/// The OAuth metadata document servers publish at <c>/metadata/json/1</c> (reference §7):
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

    /// <summary>Parses a partner's document; on failure says what was wrong.</summary>
    public static bool TryParse(string json, out MetadataDocument? document, out string problem)
    {
        document = null;
        problem = string.Empty;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            problem = $"the document is not JSON ({exception.Message})";
            return false;
        }

        var issuer = root?["issuer"]?.GetValueKind() == JsonValueKind.String ? root["issuer"]!.GetValue<string>() : null;
        if (issuer is null || issuer.IndexOf('@', StringComparison.Ordinal) is <= 0 || issuer.EndsWith('@'))
        {
            problem = "the document has no issuer of the form appId@realm";
            return false;
        }

        var certificates = new List<X509Certificate2>();
        foreach (var key in root!["keys"]?.AsArray() ?? [])
        {
            if (key?["usage"]?.GetValue<string>() != "signing" || key["keyValue"]?["type"]?.GetValue<string>() != "x509Certificate")
            {
                continue;
            }

            try
            {
                var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key["keyValue"]!["value"]!.GetValue<string>()));
                if (certificate.GetRSAPublicKey() is not { KeySize: >= 2048 })
                {
                    problem = "a signing key is not RSA of at least 2048 bits";
                    return false;
                }

                certificates.Add(certificate);
            }
            catch (Exception exception) when (exception is FormatException or CryptographicException or InvalidOperationException)
            {
                problem = $"a signing key is not a base64 DER certificate ({exception.Message})";
                return false;
            }
        }

        if (certificates.Count == 0)
        {
            problem = "the document has no signing certificate";
            return false;
        }

        document = new MetadataDocument(issuer, root["name"]?.GetValue<string>() ?? issuer[..issuer.IndexOf('@', StringComparison.Ordinal)], certificates);
        return true;
    }
}
