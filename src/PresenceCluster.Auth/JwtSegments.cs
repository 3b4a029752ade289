using System.Buffers.Text;
using System.Globalization;
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

    // The range DateTimeOffset can hold: 0001-01-01 to 9999-12-31.
    private static readonly double MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly double MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

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

    /// <summary>
    /// Reads the time claim <paramref name="name"/> (seconds since the epoch): <paramref name="value"/> is null when the
    /// claim is absent. Microsoft servers write every claim as a string ([MS-XOAUTH] 2.2: <c>"exp":"1403256020"</c>),
    /// JWT libraries as a number; both are read. Anything else that is present — a float string, an array, an object,
    /// a date outside the calendar — is <see cref="TokenFailure.MalformedTimeClaim"/>, never taken as absent: a
    /// skipped <c>nbf</c> would let a token in before its time.
    /// </summary>
    public TokenFailure TryGetTime(string name, out DateTimeOffset? value)
    {
        value = null;
        if (!Payload.TryGetProperty(name, out var claim))
        {
            return TokenFailure.None;
        }

        double seconds;
        switch (claim.ValueKind)
        {
            // RFC 7519 NumericDate may carry fractions of a second.
            case JsonValueKind.Number when claim.TryGetDouble(out seconds):
                break;
            case JsonValueKind.String when long.TryParse(claim.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                seconds = whole;
                break;
            default:
                return TokenFailure.MalformedTimeClaim;
        }

        if (!double.IsFinite(seconds) || seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            return TokenFailure.MalformedTimeClaim;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000));
        return TokenFailure.None;
    }

    /// <summary>
    /// Reads the flag claim <paramref name="name"/>: JSON true/false or, as Microsoft servers write it, the string
    /// "true"/"false" (any case). Null when absent; <see cref="TokenFailure.MalformedClaim"/> for anything else.
    /// </summary>
    public TokenFailure TryGetFlag(string name, out bool? value)
    {
        value = null;
        if (!Payload.TryGetProperty(name, out var claim))
        {
            return TokenFailure.None;
        }

        value = claim.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(claim.GetString(), out var parsed) => parsed,
            _ => null,
        };
        return value is null ? TokenFailure.MalformedClaim : TokenFailure.None;
    }

    /// <summary>True when the claim <paramref name="name"/> is present but is not a JSON string.</summary>
    public bool HasNonStringClaim(string name) =>
        Payload.TryGetProperty(name, out var claim) && claim.ValueKind != JsonValueKind.String;

    /// <summary>Decodes <paramref name="token"/>; returns the failure when its structure is unacceptable.</summary>
    public static TokenFailure TryDecode(string token, out JwtSegments? segments)
    {
        segments = null;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return TokenFailure.Malformed;
        }

        var failure = TryParse(token.AsSpan(0, first), out var header);
        if (failure != TokenFailure.None)
        {
            return failure;
        }

        failure = TryParse(token.AsSpan(first + 1, second - first - 1), out var payload);
        if (failure != TokenFailure.None)
        {
            return failure;
        }

        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
        {
            return TokenFailure.Malformed;
        }

        segments = new JwtSegments(header, payload, second < token.Length - 1);
        return TokenFailure.None;
    }

    private static TokenFailure TryParse(ReadOnlySpan<char> segment, out JsonElement element)
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

        // Deserializing to a JsonElement gives one exactly sized, unpooled document: nothing to dispose or clone.
        element = JsonSerializer.Deserialize<JsonElement>(json);
        return TokenFailure.None;
    }

    private static TokenFailure CheckStructure(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });

        // The property names of each open container; tokens have a dozen claims, where a list beats a hash set.
        var names = new List<List<string>>();
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

                        names.Add([]);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        names.RemoveAt(names.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var seen = names[^1];
                        if (seen.Contains(name, StringComparer.Ordinal))
                        {
                            return TokenFailure.DuplicateClaim;
                        }

                        seen.Add(name);
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
