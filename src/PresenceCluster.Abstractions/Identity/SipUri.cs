using System.Diagnostics.CodeAnalysis;

namespace PresenceCluster.Identity;

/// <summary>
/// A user's identity: a SIP URI such as <c>sip:alice@contoso.com</c>, validated and normalised to its address of
/// record, so that every way of writing one user names the same user: URI parameters and headers dropped
/// (<c>sip:alice@contoso.com;transport=tcp</c> and <c>…?subject=x</c> are <c>sip:alice@contoso.com</c>),
/// percent-escapes of unreserved characters decoded (<c>sip:%61lice@…</c> is <c>alice</c>), case folded (SIP URIs
/// compare case-insensitively for the user and host parts PresenceCluster uses).
/// </summary>
/// <remarks>
/// Accepted form: <c>sip:user@host</c> with optional URI parameters (<c>;user=phone</c>) and headers
/// (<c>?name=value</c>). The user part may hold letters, digits, <c>-_.!~*'()&amp;=+$,;?/</c> and percent-escapes
/// (<c>%</c> and two hex digits); the host is a DNS name of labels made of letters, digits and hyphens. At most
/// <see cref="MaxLength"/> characters.
/// </remarks>
[GenerateSerializer, Immutable, Alias("PresenceCluster.SipUri")]
public sealed class SipUri : IEquatable<SipUri>
{
    /// <summary>The longest SIP URI accepted, in characters.</summary>
    public const int MaxLength = 256;

    private const string Scheme = "sip:";

    private SipUri(string value, int atIndex, int hostEnd)
    {
        Value = value;
        AtIndex = atIndex;
        HostEnd = hostEnd;
    }

    /// <summary>The normalised URI, for example <c>sip:alice@contoso.com</c>.</summary>
    [Id(0)]
    public string Value { get; }

    [Id(1)]
    private int AtIndex { get; }

    [Id(2)]
    private int HostEnd { get; }

    /// <summary>The user part, for example <c>alice</c>.</summary>
    public string User => Value[Scheme.Length..AtIndex];

    /// <summary>The host (SIP domain), for example <c>contoso.com</c>; it decides who counts as a colleague.</summary>
    public string Domain => Value[(AtIndex + 1)..HostEnd];

    /// <summary>The address without the scheme, for example <c>alice@contoso.com</c>: how Graph and mail name the user.</summary>
    public string Address => Value[Scheme.Length..];

    /// <summary>Parses and normalises <paramref name="text"/>.</summary>
    /// <exception cref="Errors.InvalidInputException">The text is not a SIP URI of the accepted form.</exception>
    public static SipUri Parse(string? text, string parameterName = "uri") =>
        TryParse(text, out var uri, out var problem)
            ? uri
            : throw new Errors.InvalidInputException(parameterName, problem);

    /// <summary>Parses and normalises <paramref name="text"/> without throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SipUri? uri) => TryParse(text, out uri, out _);

    /// <summary>Parses and normalises <paramref name="text"/>, saying what is wrong when it fails.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SipUri? uri, out string problem)
    {
        uri = null;
        problem = Describe(text);
        if (problem.Length > 0)
        {
            return false;
        }

        var value = text!.Trim();
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var hostEnd = HostEndOf(value, at);
        var normalised = string.Concat(Scheme, DecodeUnreserved(value.AsSpan(Scheme.Length, at - Scheme.Length)), value.AsSpan(at, hostEnd - at)).ToLowerInvariant();
        uri = new SipUri(normalised, normalised.IndexOf('@', StringComparison.Ordinal), normalised.Length);
        return true;
    }

    /// <summary>
    /// True when <paramref name="text"/> is a SIP URI already in normalised form (lower case, no surrounding white
    /// space, no parameters or headers, no escaped unreserved character). Allocates nothing, for checking URIs that
    /// arrive already normalised on hot paths.
    /// </summary>
    public static bool IsNormalised(string? text)
    {
        if (text is null || text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        if (Describe(text).Length > 0)
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (HostEndOf(text, at) != text.Length)
        {
            return false;
        }

        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0 && i < at; i = text.IndexOf('%', i + 1))
        {
            if (IsUnreserved((char)Convert.ToByte(text.Substring(i + 1, 2), 16)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Throws <see cref="Errors.InvalidInputException"/> for <paramref name="parameterName"/> unless
    /// <paramref name="text"/> is already a normalised SIP URI (see <see cref="IsNormalised"/>).
    /// </summary>
    public static void ThrowIfNotNormalised(string? text, string parameterName)
    {
        if (!IsNormalised(text))
        {
            throw new Errors.InvalidInputException(parameterName, $"'{text}' is not a normalised SIP URI such as 'sip:alice@contoso.com'");
        }
    }

    private static string Describe(string? text)
    {
        const string Expected = "expected a SIP URI such as 'sip:alice@contoso.com'";
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"is empty; {Expected}";
        }

        var value = text.Trim();
        if (value.Length > MaxLength)
        {
            return $"is {value.Length} characters long; at most {MaxLength} are allowed";
        }

        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return $"'{value}' does not start with 'sip:'; {Expected}";
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || value.IndexOf('@', at + 1) >= 0)
        {
            return $"'{value}' must contain exactly one '@' between user and domain; {Expected}";
        }

        var user = value.AsSpan(Scheme.Length, at - Scheme.Length);
        if (user.IsEmpty)
        {
            return $"'{value}' has an empty user part; {Expected}";
        }

        for (var i = 0; i < user.Length; i++)
        {
            var c = user[i];
            if (c == '%')
            {
                if (i + 2 >= user.Length || !char.IsAsciiHexDigit(user[i + 1]) || !char.IsAsciiHexDigit(user[i + 2]))
                {
                    return $"'{value}' has a '%' in its user part that is not followed by two hex digits";
                }

                i += 2;
            }
            else if (!IsUserChar(c))
            {
                return $"'{value}' has the character '{c}' in its user part; allowed are letters, digits, -_.!~*'()&=+$,;?/ and %-escapes";
            }
        }

        var hostEnd = HostEndOf(value, at);
        var host = value.AsSpan(at + 1, hostEnd - at - 1);
        if (!IsDomain(host))
        {
            return $"'{value}' has the domain '{host}', which is not a DNS name (labels of letters, digits and hyphens separated by dots)";
        }

        foreach (var c in value.AsSpan(hostEnd))
        {
            if (!IsUserChar(c) && c is not ('%' or ':' or '[' or ']'))
            {
                return $"'{value}' has the character '{c}' in its parameters or headers; allowed are letters, digits, -_.!~*'()&=+$,;?/:[] and %-escapes";
            }
        }

        return string.Empty;
    }

    private static bool IsUserChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal);

    /// <summary>RFC 3986 unreserved characters: an escape of one of these means the character itself.</summary>
    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>Where the host ends: at the first ';' (parameters) or '?' (headers) after the '@', or at the end.</summary>
    private static int HostEndOf(string value, int at)
    {
        var end = value.AsSpan(at + 1).IndexOfAny(';', '?');
        return end < 0 ? value.Length : at + 1 + end;
    }

    private static string DecodeUnreserved(ReadOnlySpan<char> user)
    {
        if (!user.Contains('%'))
        {
            return user.ToString();
        }

        var decoded = new System.Text.StringBuilder(user.Length);
        for (var i = 0; i < user.Length; i++)
        {
            if (user[i] == '%' && (char)Convert.ToByte(user.Slice(i + 1, 2).ToString(), 16) is var escaped && IsUnreserved(escaped))
            {
                decoded.Append(escaped);
                i += 2;
            }
            else
            {
                decoded.Append(user[i]);
            }
        }

        return decoded.ToString();
    }

    private static bool IsDomain(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > 253)
        {
            return false;
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(SipUri? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipUri other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The normalised URI.</summary>
    public override string ToString() => Value;

    /// <summary>Compares two URIs by their normalised value.</summary>
    public static bool operator ==(SipUri? left, SipUri? right) => Equals(left, right);

    /// <summary>Compares two URIs by their normalised value.</summary>
    public static bool operator !=(SipUri? left, SipUri? right) => !Equals(left, right);
}
