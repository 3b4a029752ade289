using System.Text.RegularExpressions;
using PresenceCluster.Errors;
using PresenceCluster.Identity;
using PresenceCluster.Http.Users;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// The presence resources a Graph subscription may name: <c>/communications/presences?$filter=id in ('a','b',…)</c>
/// and <c>/communications/presences/{id}</c> (leading slash optional; the query may be URL-encoded, as the SDK sends it).
/// Ids are user addresses or SIP URIs; duplicates count once.
/// </summary>
public static partial class PresenceSubscriptionResource
{
    /// <summary>The watched users of <paramref name="resource"/>, at most <paramref name="maxTargets"/>.</summary>
    /// <exception cref="InvalidInputException">The resource is not one of the two forms, names an unusable id, or too many.</exception>
    public static SipUri[] Parse(string? resource, int maxTargets)
    {
        if (string.IsNullOrWhiteSpace(resource) || resource.Length > 64 * 1024)
        {
            throw new InvalidInputException("resource", "is missing");
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(resource.Trim()).TrimStart('/');
        }
        catch (UriFormatException)
        {
            throw new InvalidInputException("resource", "is not correctly URL-encoded");
        }

        string[] ids;
        if (Filter().Match(decoded) is { Success: true } filter)
        {
            ids = [.. filter.Groups["id"].Captures.Select(capture => capture.Value)];
        }
        else if (Single().Match(decoded) is { Success: true } single)
        {
            ids = [single.Groups["id"].Value];
        }
        else
        {
            throw new InvalidInputException("resource", "must be /communications/presences?$filter=id in ('id1','id2',…) or /communications/presences/{id}; only presence can be subscribed to");
        }

        var targets = ids.Select((id, i) => UserIdentity.Parse(id, $"resource id {i + 1}")).Distinct().ToArray();
        return targets.Length <= maxTargets
            ? targets
            : throw new InvalidInputException("resource", $"names {targets.Length} users; at most {maxTargets} may be watched by one subscription");
    }

    [GeneratedRegex(@"^communications/presences\?\$filter=id\s+in\s*\(\s*'(?<id>[^']+)'(\s*,\s*'(?<id>[^']+)')*\s*\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filter();

    [GeneratedRegex(@"^communications/presences/(?<id>[^/?'()]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Single();
}
