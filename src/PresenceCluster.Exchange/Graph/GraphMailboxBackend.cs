using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using PresenceCluster.Auth;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.Exchange.Notifications;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.Exchange.Graph;

/// <summary>
/// Exchange Online through the Microsoft Graph SDK: <c>POST /users/{mailbox}/calendar/getSchedule</c> (up to 20
/// mailboxes per call), <c>GET /users/{mailbox}/mailboxSettings/automaticRepliesSetting</c> and subscriptions to
/// <c>users/{mailbox}/events</c> (<c>/subscriptions</c>), and a contact folder per user for the unified contact store
/// (<see cref="IMailboxContactStore"/>, in its own part), as the Entra application whose tokens <paramref name="tokens"/> gets. The SDK's own retry handler is not in the pipeline: the
/// connector decides when to try again (Retry-After, back-off, circuit).
/// </summary>
public sealed partial class GraphMailboxBackend(HttpClient http, ClientCredentialsTokenClient tokens, Uri baseUrl, string scope) : IMailboxBackend, IMailboxChangeFeed, IMailboxContactStore, IDisposable
{
    private readonly GraphServiceClient _graph = new(http, new BaseBearerTokenAuthenticationProvider(new TokenProvider(tokens, scope)), baseUrl.ToString().TrimEnd('/'));

    /// <inheritdoc />
    public string Name => "Graph";

    /// <inheritdoc />
    public int MaxMailboxesPerScheduleRequest => 20;

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxCalendar>> GetSchedulesAsync(IReadOnlyList<string> mailboxes, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var body = new GetSchedulePostRequestBody
        {
            Schedules = [.. mailboxes],
            StartTime = Utc(from),
            EndTime = Utc(until),
            AvailabilityViewInterval = 15,
        };
        var answer = await CallAsync(() => _graph.Users[mailboxes[0]].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(body, cancellationToken: cancellationToken));
        var byMailbox = (answer?.Value ?? []).Where(i => i.ScheduleId is not null).ToDictionary(i => i.ScheduleId!, StringComparer.OrdinalIgnoreCase);
        return [.. mailboxes.Select(mailbox => byMailbox.TryGetValue(mailbox, out var information)
            ? GraphMailboxMapping.ToCalendar(mailbox, information, from)
            : new MailboxCalendar(mailbox, null, "not in the answer"))];
    }

    /// <inheritdoc />
    public async Task<AutomaticReplies> GetAutomaticRepliesAsync(string mailbox, CancellationToken cancellationToken)
    {
        var settings = await CallAsync(() => _graph.Users[mailbox].MailboxSettings.GetAsync(cancellationToken: cancellationToken));
        return GraphMailboxMapping.ToAutomaticReplies(settings?.AutomaticRepliesSetting);
    }

    /// <inheritdoc />
    public async Task<MailboxChangeSubscription> SubscribeAsync(string resource, Uri notificationUrl, string clientState, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var created = await CallAsync(() => _graph.Subscriptions.PostAsync(
            new GraphModels.Subscription
            {
                ChangeType = "created,updated,deleted",
                Resource = resource,
                NotificationUrl = notificationUrl.ToString(),
                LifecycleNotificationUrl = notificationUrl.ToString(),
                ExpirationDateTime = expires,
                ClientState = clientState,
            },
            cancellationToken: cancellationToken));
        return created is { Id: { Length: > 0 } id, ExpirationDateTime: { } until }
            ? new MailboxChangeSubscription(id, until)
            : throw new MailboxBackendException(MailboxFailure.BadAnswer, "Graph created a subscription without id or expiry", null);
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> RenewAsync(string subscriptionId, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        try
        {
            var renewed = await CallAsync(() => _graph.Subscriptions[subscriptionId].PatchAsync(new GraphModels.Subscription { ExpirationDateTime = expires }, cancellationToken: cancellationToken));
            return renewed?.ExpirationDateTime ?? expires;
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.UnknownMailbox)
        {
            // 404: Graph deleted the subscription (it expired, or was removed).
            return null;
        }
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync<object>(async () =>
            {
                await _graph.Subscriptions[subscriptionId].DeleteAsync(cancellationToken: cancellationToken);
                return null;
            });
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.UnknownMailbox)
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _graph.Dispose();

    private static GraphModels.DateTimeTimeZone Utc(DateTimeOffset instant) =>
        new() { DateTime = instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeZone = "UTC" };

    /// <summary>Runs a Graph call, turning its failures into what the connector acts on.</summary>
    private static async Task<T?> CallAsync<T>(Func<Task<T?>> call, bool itemLevel = false)
    {
        try
        {
            return await call();
        }
        catch (ApiException exception)
        {
            var status = exception.ResponseStatusCode;
            var error = (exception as GraphModels.ODataErrors.ODataError)?.Error;
            var code = error?.Message is { Length: > 0 } message ? $"{error.Code}: {(message.Length > 300 ? message[..300] : message)}" : error?.Code;
            var retryAfter = RetryAfterOf(exception.ResponseHeaders);
            if (itemLevel && ItemFailure(status, error?.Code) is { } failure)
            {
                throw new MailboxBackendException(failure, $"Graph answered {status} ({code})", null, exception);
            }

            throw status switch
            {
                (int)HttpStatusCode.TooManyRequests => new MailboxBackendException(MailboxFailure.Throttled, $"Graph answered 429 ({code})", retryAfter, exception),
                (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => new MailboxBackendException(MailboxFailure.Unauthorized, $"Graph answered {status} ({code}): check the application's permissions", null, exception),
                (int)HttpStatusCode.NotFound => new MailboxBackendException(MailboxFailure.UnknownMailbox, $"Graph answered 404 ({code})", null, exception),
                >= 500 => new MailboxBackendException(MailboxFailure.Unavailable, $"Graph answered {status} ({code})", retryAfter, exception),
                _ => new MailboxBackendException(MailboxFailure.BadAnswer, $"Graph answered {status} ({code})", null, exception),
            };
        }
        catch (HttpRequestException exception)
        {
            throw new MailboxBackendException(MailboxFailure.Unavailable, $"Graph could not be reached ({exception.Message})", null, exception);
        }
        catch (TaskCanceledException exception)
        {
            throw new MailboxBackendException(MailboxFailure.Unavailable, "Graph did not answer in time", null, exception);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new MailboxBackendException(MailboxFailure.BadAnswer, $"Graph's answer could not be read ({exception.Message})", null, exception);
        }
        catch (TokenRequestException exception)
        {
            throw new MailboxBackendException(MailboxFailure.Unauthorized, $"no token for Graph ({exception.Message})", null, exception);
        }
    }

    private static TimeSpan? RetryAfterOf(IDictionary<string, IEnumerable<string>> headers) =>
        RetryAfterHeader.Parse(headers.FirstOrDefault(header => header.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault());

    /// <summary>Hands the SDK an application token for Graph from the client-credentials client (which caches it).</summary>
    private sealed class TokenProvider(ClientCredentialsTokenClient tokens, string scope) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            (await tokens.GetTokenAsync(scope, cancellationToken)).Value;
    }
}
