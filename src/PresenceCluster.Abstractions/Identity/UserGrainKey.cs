namespace PresenceCluster.Identity;

/// <summary>
/// Turns a normalised SIP URI into the string key of that user's grains, and back.
/// </summary>
/// <remarks>
/// Orleans' ADO.NET storage reads a '+' in a string key as the start of a key extension, and reinterprets keys
/// that look like a GUID or a hex number. SIP URIs may hold '+' (<c>sip:+14255550100@contoso.com;user=phone</c>),
/// so the key percent-encodes '%' and '+'; that mapping is one-to-one. The key always starts with "sip:", so it
/// can never look like a GUID or a number.
/// </remarks>
public static class UserGrainKey
{
    /// <summary>The grain key for <paramref name="user"/>.</summary>
    public static string For(SipUri user) => Encode(user.Value);

    /// <summary>The grain key for an already normalised SIP URI string.</summary>
    public static string Encode(string normalisedUri) =>
        normalisedUri.AsSpan().IndexOfAny('%', '+') < 0
            ? normalisedUri
            : normalisedUri.Replace("%", "%25", StringComparison.Ordinal).Replace("+", "%2b", StringComparison.Ordinal);

    /// <summary>The normalised SIP URI string that <paramref name="key"/> stands for.</summary>
    public static string Decode(string key) =>
        key.Contains('%', StringComparison.Ordinal)
            ? key.Replace("%2b", "+", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal)
            : key;
}
