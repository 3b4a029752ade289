using System.Diagnostics.CodeAnalysis;

namespace PresenceCluster.Identity;

/// <summary>
/// A user's identity: a SIP URI such as <c>sip:alice@contoso.com</c>, validated and normalised to lower case
/// (SIP URIs compare case-insensitively for the user and host parts PresenceCluster uses).
/// </summary>
/// <remarks>
/// Accepted form: <c>sip:user@host</c> with optional URI parameters (<c>;user=phone</c>). The user part may hold
/// letters, digits and <c>-_.!~*'()&amp;=+$,;?/%</c>; the host is a DNS name of labels made of letters, digits and
/// hyphens. At most <see cref="MaxLength"/> characters.
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

        var value = text!.Trim().ToLowerInvariant();
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var hostEnd = value.IndexOf(';', at);
        uri = new SipUri(value, at, hostEnd < 0 ? value.Length : hostEnd);
        return true;
    }

    /// <summary>
    /// True when <paramref name="text"/> is a SIP URI already in normalised form (lower case, no surrounding white
    /// space). Allocates nothing, for checking URIs that arrive already normalised on hot paths.
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

        return Describe(text).Length == 0;
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

        foreach (var c in user)
        {
            if (!IsUserChar(c))
            {
                return $"'{value}' has the character '{c}' in its user part; allowed are letters, digits and -_.!~*'()&=+$,;?/%";
            }
        }

        var hostEnd = value.IndexOf(';', at);
        var host = value.AsSpan(at + 1, (hostEnd < 0 ? value.Length : hostEnd) - at - 1);
        if (!IsDomain(host))
        {
            return $"'{value}' has the domain '{host}', which is not a DNS name (labels of letters, digits and hyphens separated by dots)";
        }

        if (hostEnd >= 0)
        {
            foreach (var c in value.AsSpan(hostEnd))
            {
                if (!IsUserChar(c) || c is '?' or '/')
                {
                    return $"'{value}' has the character '{c}' in its parameters; allowed are letters, digits and -_.!~*'()&=+$,;%";
                }
            }
        }

        return string.Empty;
    }

    private static bool IsUserChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/%".Contains(c, StringComparison.Ordinal);

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
