using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace PresenceCluster.Auth;

/// <summary>
/// The three parts of a compact JWT, decoded and checked for structure before any library parses them: bad
/// base64url or JSON, nesting beyond <see cref="MaxDepth"/> and a property named twice in one object are refused.
/// </summary>
public sealed class JwtSegments
{
    /// <summary>The deepest JSON nesting a token of ours or our partners' needs.</summary>
    public const int MaxDepth = 4;

    private JwtSegments(JsonElement header, JsonElement payload, bool hasSignature)
    {
        Header = header;
        Payload = payload;
        HasSignature = hasSignature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    public bool HasSignature { get; }

    /// <summary>The header's alg, or null.</summary>
    public string? Algorithm => String(Header, "alg");

    /// <summary>A string claim of the payload, or null.</summary>
    public string? Claim(string name) => String(Payload, name);

    /// <summary>A numeric date claim (seconds since the epoch), or null.</summary>
    public DateTimeOffset? DateClaim(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Decodes <paramref name="token"/>; returns the failure when its structure is unacceptable.</summary>
    public static TokenFailure TryDecode(string token, out JwtSegments? segments)
    {
        segments = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return TokenFailure.Malformed;
        }

        var failure = TryParse(parts[0], out var header);
        if (failure != TokenFailure.None)
        {
            return failure;
        }

        failure = TryParse(parts[1], out var payload);
        if (failure != TokenFailure.None)
        {
            return failure;
        }

        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
        {
            return TokenFailure.Malformed;
        }

        segments = new JwtSegments(header, payload, parts[2].Length > 0);
        return TokenFailure.None;
    }

    private static TokenFailure TryParse(string segment, out JsonElement element)
    {
        element = default;
        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(segment);
        }
        catch (FormatException)
        {
            return TokenFailure.Malformed;
        }

        var structure = CheckStructure(json);
        if (structure != TokenFailure.None)
        {
            return structure;
        }

        using var document = JsonDocument.Parse(json);
        element = document.RootElement.Clone();
        return TokenFailure.None;
    }

    private static TokenFailure CheckStructure(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var names = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= MaxDepth)
                        {
                            return TokenFailure.NestingTooDeep;
                        }

                        names.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : []);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!names.Peek().Add(reader.GetString()!))
                        {
                            return TokenFailure.DuplicateClaim;
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return TokenFailure.Malformed;
        }

        return TokenFailure.None;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Encodes a JSON text as a base64url segment.</summary>
    public static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
