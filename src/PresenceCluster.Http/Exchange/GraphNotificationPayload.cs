using System.Text.Json;
using PresenceCluster.Errors;
using PresenceCluster.Exchange;

namespace PresenceCluster.Http.Exchange;

/// <summary>
/// Reads the body of a Microsoft Graph change notification POST — <c>{"value":[{subscriptionId, clientState,
/// changeType, resource, …}]}</c>, or the same with <c>lifecycleEvent</c> — into what the subscription grains check.
/// Anything else is refused whole, before any grain is asked.
/// </summary>
public static class GraphNotificationPayload
{
    /// <summary>The most items one POST may carry.</summary>
    public const int MaxItems = 1_000;

    private static readonly HashSet<string> LifecycleEvents = new(StringComparer.Ordinal) { "subscriptionRemoved", "missed", "reauthorizationRequired" };

    /// <summary>The notification items of <paramref name="body"/>.</summary>
    /// <exception cref="InvalidInputException">The body is not a Graph notification, or carries too many items.</exception>
    public static IReadOnlyList<MailboxChangeNotification> Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("value", "must be an array of notifications in a JSON object ({\"value\":[…]})");
        }

        if (value.GetArrayLength() is 0 or > MaxItems)
        {
            throw new InvalidInputException("value", $"holds {value.GetArrayLength()} notifications; 1–{MaxItems} are allowed");
        }

        var items = new List<MailboxChangeNotification>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            var subscriptionId = Text(item, "subscriptionId", MailboxChangeNotification.MaxIdLength, required: true)!;
            var clientState = Text(item, "clientState", MailboxChangeNotification.MaxClientStateLength, required: true)!;
            var lifecycleEvent = Text(item, "lifecycleEvent", 64, required: false);
            if (lifecycleEvent is not null && !LifecycleEvents.Contains(lifecycleEvent))
            {
                throw new InvalidInputException("lifecycleEvent", $"'{lifecycleEvent}' is none of subscriptionRemoved, missed, reauthorizationRequired");
            }

            items.Add(new MailboxChangeNotification { SubscriptionId = subscriptionId, ClientState = clientState, LifecycleEvent = lifecycleEvent });
        }

        return items;
    }

    private static string? Text(JsonElement item, string name, int maxLength, bool required)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException("value", "must hold JSON objects only");
        }

        if (!item.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidInputException(name, "is missing from a notification") : null;
        }

        if (property.ValueKind != JsonValueKind.String || property.GetString() is not { Length: > 0 } text || text.Length > maxLength)
        {
            throw new InvalidInputException(name, $"must be a string of 1–{maxLength} characters");
        }

        return text;
    }
}
