using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PresenceCluster.Errors;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Http.Hosting;
using PresenceCluster.Identity;

namespace PresenceCluster.Http.Exchange;

/// <summary>
/// The webhook route Microsoft Graph posts calendar and contact-folder change notifications to
/// (<c>Exchange:Graph:NotificationUrl</c> points here): Graph's validation handshake (<c>?validationToken=</c> answered
/// with the token as text/plain), and notifications, each checked against its secret client state by the mailbox's
/// calendar subscription grain, or (<c>&amp;contacts=sip:…</c>) by the user's contact store. Anyone can reach
/// it: it is anonymous by Graph's design, limited per address, and a notification that does not match changes
/// nothing. Answered 202 at once for a well-formed body (Graph wants 2xx within 3 seconds; the read itself is queued).
/// </summary>
public static partial class CalendarNotificationsApi
{
    /// <summary>The route.</summary>
    public const string Path = "/exchange/graph/notifications";

    /// <summary>The longest validation token echoed.</summary>
    public const int MaxValidationTokenLength = 4096;

    /// <summary>Maps the route; the caller adds its rate limit.</summary>
    public static RouteHandlerBuilder MapCalendarNotificationsApi(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, ReceiveAsync)
            .AllowAnonymous()
            .WithName("ReceiveCalendarNotifications")
            .WithSummary("Microsoft Graph change notifications and lifecycle events for the calendar of the mailbox named in ?mailbox= (or, with &contacts=, for that user's contact folder), and Graph's validation handshake.")
            .WithTags("Exchange");

    private static async Task<IResult> ReceiveAsync(HttpContext context, IGrainFactory grains, IOptions<HttpHostOptions> http, ILoggerFactory loggers)
    {
        var query = context.Request.Query;
        if (query.TryGetValue("validationToken", out var token))
        {
            // Graph's handshake: the decoded token back, as text/plain, within 10 seconds.
            var text = token.ToString();
            return text.Length is > 0 and <= MaxValidationTokenLength
                ? TypedResults.Text(text, "text/plain", System.Text.Encoding.UTF8, StatusCodes.Status200OK)
                : Problem($"validationToken must be 1–{MaxValidationTokenLength} characters.");
        }

        var mailbox = query["mailbox"].ToString();
        if (mailbox.Length is 0 or > 320 || !mailbox.Contains('@', StringComparison.Ordinal))
        {
            return Problem("The notification URL names no mailbox (?mailbox=user@example.com); it must be the URL the cluster subscribed with.");
        }

        // Kestrel stops a longer body as it arrives; a declared length is refused before reading.
        if (context.Request.ContentLength > http.Value.MaxRequestBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"A change notification is at most Http:MaxRequestBytes ({http.Value.MaxRequestBytes}) bytes.");
        }

        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "A change notification is application/json.");
        }

        IReadOnlyList<PresenceCluster.Exchange.MailboxChangeNotification> items;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            items = GraphNotificationPayload.Parse(body.RootElement);
        }
        catch (JsonException)
        {
            return Problem("The body is not JSON.");
        }
        catch (InvalidInputException exception)
        {
            return Problem(exception.Message);
        }

        // A contact folder's subscription names its user too (?contacts=sip:…); a calendar's only the mailbox.
        Func<PresenceCluster.Exchange.MailboxChangeNotification, Task<bool>> notify;
        if (query.TryGetValue("contacts", out var contactsOf))
        {
            if (!SipUri.TryParse(contactsOf.ToString(), out var user))
            {
                return Problem("contacts= must be the SIP URI of the user whose contact folder the subscription watches.");
            }

            var store = grains.GetGrain<IContactStoreGrain>(UserGrainKey.For(user));
            notify = store.NotifyAsync;
        }
        else
        {
            var subscription = grains.GetGrain<ICalendarSubscriptionGrain>(mailbox.ToLowerInvariant());
            notify = subscription.NotifyAsync;
        }

        var rejected = 0;
        foreach (var item in items)
        {
            if (!await notify(item))
            {
                rejected++;
            }
        }

        if (rejected > 0)
        {
            // No mailbox in the log: a forged request should not write what it guessed into our logs.
            LogRejected(loggers.CreateLogger(typeof(CalendarNotificationsApi)), rejected, items.Count);
        }

        // Accepted either way: a sender learns nothing about which subscriptions exist.
        return TypedResults.Accepted((string?)null);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a calendar notification", detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Rejected} of {Count} calendar notifications named no subscription of the mailbox or a wrong client state; ignored")]
    private static partial void LogRejected(ILogger logger, int rejected, int count);
}
