using System.Net;
using System.Net.Sockets;

namespace PresenceCluster.Webhooks;

/// <summary>
/// Where the cluster may post webhooks: an absolute https URL (http only to loopback, when loopback is allowed), on
/// the default or an explicit port, without user info, whose addresses are public unless configuration allows
/// loopback or private networks. Checked when a subscription is created (by name) and again for every address the
/// name resolves to at connect time, so that a name re-pointed at an internal address after the check (DNS
/// rebinding) still cannot reach it.
/// </summary>
public sealed class WebhookTargetPolicy(bool allowLoopback, bool allowPrivateNetworks)
{
    /// <summary>The longest notification URL accepted, in characters.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The policy of <paramref name="options"/>.</summary>
    public static WebhookTargetPolicy From(WebhookOptions options) => new(options.AllowLoopback, options.AllowPrivateNetworks);

    /// <summary>Why <paramref name="text"/> is not an acceptable webhook URL, or null when it is (then <paramref name="url"/> is set).</summary>
    public string? CheckUrl(string? text, out Uri? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is missing";
        }

        if (text.Length > MaxUrlLength)
        {
            return $"is {text.Length} characters long; at most {MaxUrlLength} are accepted";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute https URL";
        }

        if (parsed.UserInfo.Length > 0)
        {
            return "must not carry a user name or password";
        }

        if (parsed.Fragment.Length > 0)
        {
            return "must not have a fragment (#…)";
        }

        var loopbackName = parsed.IsLoopback || parsed.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        if (loopbackName && !allowLoopback)
        {
            return "points at this machine; webhooks go to other hosts (Webhooks:AllowLoopback allows it for development)";
        }

        if (parsed.Scheme == Uri.UriSchemeHttp && !loopbackName)
        {
            return "must use https (plain http is accepted only to loopback, with Webhooks:AllowLoopback)";
        }

        if (IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var literal) && CheckAddress(literal) is { } problem)
        {
            return problem;
        }

        url = parsed;
        return null;
    }

    /// <summary>Why the cluster may not connect to <paramref name="address"/>, or null when it may.</summary>
    public string? CheckAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : $"resolves to the loopback address {address}; Webhooks:AllowLoopback allows it for development";
        }

        return Classify(address) switch
        {
            AddressKind.Public => null,
            AddressKind.Private when allowPrivateNetworks => null,
            AddressKind.Private => $"resolves to the private-network address {address}; Webhooks:AllowPrivateNetworks allows it",
            _ => $"resolves to {address}, which is not a unicast address that webhooks may reach",
        };
    }

    private enum AddressKind
    {
        Public,
        Private,
        Forbidden,
    }

    private static AddressKind Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => AddressKind.Forbidden,                                 // "this network"
                10 => AddressKind.Private,
                100 when b[1] is >= 64 and < 128 => AddressKind.Private,   // carrier-grade NAT
                169 when b[1] == 254 => AddressKind.Private,               // link-local, also cloud metadata services
                172 when b[1] is >= 16 and < 32 => AddressKind.Private,
                192 when b[1] == 168 => AddressKind.Private,
                192 when b[1] == 0 && b[2] == 0 => AddressKind.Forbidden,  // protocol assignments
                198 when b[1] is 18 or 19 => AddressKind.Forbidden,        // benchmarking
                >= 224 => AddressKind.Forbidden,                            // multicast, reserved, broadcast
                _ => AddressKind.Public,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (address.IsIPv6Multicast || address.Equals(IPAddress.IPv6Any))
            {
                return AddressKind.Forbidden;
            }

            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
            {
                return AddressKind.Private;
            }

            // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) embed IPv4 addresses that could be internal.
            if ((b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) || (b[0] == 0x20 && b[1] == 0x02))
            {
                return AddressKind.Forbidden;
            }

            return AddressKind.Public;
        }

        return AddressKind.Forbidden;
    }
}
