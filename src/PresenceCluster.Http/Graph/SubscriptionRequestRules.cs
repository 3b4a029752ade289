using PresenceCluster.Errors;
using PresenceCluster.Webhooks;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// What Graph accepts in a presence subscription, checked before anything is contacted: change type <c>updated</c>, a
/// presence resource, an expiry in the future and at most <see cref="WebhookOptions.MaxLifetime"/> away, a client
/// state of at most 128 characters, receivers the <see cref="WebhookTargetPolicy"/> allows, and basic notifications
/// (no resource data).
/// </summary>
public static class SubscriptionRequestRules
{
    /// <summary>The longest client state, as Graph.</summary>
    public const int MaxClientStateLength = 128;

    /// <summary>The subscription a <c>POST /subscriptions</c> body asks for.</summary>
    /// <exception cref="InvalidInputException">The request breaks a rule; the message names the field and the rule.</exception>
    public static WebhookSubscription ToSubscription(
        GraphSubscription.Request request, string id, string owner, string? applicationId, DateTimeOffset now, WebhookOptions options)
    {
        if (!string.Equals(request.ChangeType, "updated", StringComparison.Ordinal))
        {
            throw new InvalidInputException("changeType", $"is '{request.ChangeType}'; presence subscriptions support 'updated' only");
        }

        if (request.IncludeResourceData is true)
        {
            throw new InvalidInputException("includeResourceData", "must be false: this service sends basic notifications (the user's id); read the presence with GET /communications/presences/{id}");
        }

        if (request.ClientState is { Length: > MaxClientStateLength } clientState)
        {
            throw new InvalidInputException("clientState", $"is {clientState.Length} characters long; at most {MaxClientStateLength} are allowed");
        }

        var targets = PresenceSubscriptionResource.Parse(request.Resource, options.MaxTargets);
        var policy = WebhookTargetPolicy.From(options);
        if (policy.CheckUrl(request.NotificationUrl, out var notificationUrl) is { } problem)
        {
            throw new InvalidInputException("notificationUrl", problem);
        }

        Uri? lifecycleUrl = null;
        if (request.LifecycleNotificationUrl is not null && policy.CheckUrl(request.LifecycleNotificationUrl, out lifecycleUrl) is { } lifecycleProblem)
        {
            throw new InvalidInputException("lifecycleNotificationUrl", lifecycleProblem);
        }

        return new WebhookSubscription
        {
            Id = id,
            Owner = owner,
            Resource = request.Resource!.Trim(),
            Targets = [.. targets.Select(target => target.Value)],
            NotificationUrl = notificationUrl!,
            LifecycleNotificationUrl = lifecycleUrl,
            ClientState = request.ClientState,
            ExpirationDateTime = CheckExpiration(request.ExpirationDateTime, now, options),
            ApplicationId = applicationId,
        };
    }

    /// <summary>The expiry of a create or a renewal.</summary>
    /// <exception cref="InvalidInputException">It is missing, past, or further away than the maximum lifetime.</exception>
    public static DateTimeOffset CheckExpiration(DateTimeOffset? expiration, DateTimeOffset now, WebhookOptions options)
    {
        if (expiration is not { } value)
        {
            throw new InvalidInputException("expirationDateTime", "is missing");
        }

        if (value <= now)
        {
            throw new InvalidInputException("expirationDateTime", $"{value:O} is in the past");
        }

        return value <= now + options.MaxLifetime
            ? value
            : throw new InvalidInputException("expirationDateTime", $"{value:O} is more than {options.MaxLifetime.TotalMinutes:0} minutes in the future; presence subscriptions live at most that long and are renewed with PATCH");
    }
}
