using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PresenceCluster.Auth;
using PresenceCluster.Errors;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.OAuth;

namespace PresenceCluster.Exchange.Ews;

/// <summary>
/// Exchange Server on premises through EWS at <paramref name="ewsUrl"/>, authenticated as Lync was with Exchange 2013:
/// for each request a token acting for the mailbox's user around our signed actor token addressed to Exchange
/// (<c>00000002-0000-0ff1-ce00-000000000000/&lt;host&gt;@&lt;realm&gt;</c>), with <c>X-AnchorMailbox</c>. Exchange trusts
/// it through our metadata document (Configure-EnterprisePartnerApplication.ps1 on the Exchange side).
/// </summary>
public sealed partial class EwsMailboxBackend(HttpClient http, OutboundTokenIssuer tokens, Uri ewsUrl, string version) : IMailboxBackend, IMailboxContactStore
{
    /// <inheritdoc />
    public string Name => "EWS";

    /// <inheritdoc />
    public int MaxMailboxesPerScheduleRequest => 20;

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxCalendar>> GetSchedulesAsync(IReadOnlyList<string> mailboxes, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailboxes[0], EwsSoap.GetUserAvailability(mailboxes, from, until, version), cancellationToken);
        return Read(() => EwsSoap.ParseAvailability(answer, mailboxes, from));
    }

    /// <inheritdoc />
    public async Task<AutomaticReplies> GetAutomaticRepliesAsync(string mailbox, CancellationToken cancellationToken)
    {
        // Only the owner may read a mailbox's OOF settings: the token acts for that mailbox's user.
        var answer = await CallAsync(mailbox, EwsSoap.GetUserOofSettings(mailbox, version), cancellationToken);
        return Read(() => EwsSoap.ParseOofSettings(answer));
    }

    private async Task<string> CallAsync(string actingFor, string envelope, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = tokens.GetExchangeUserToken(ewsUrl.Host, actingFor);
        }
        catch (NotConfiguredException exception)
        {
            throw new MailboxBackendException(MailboxFailure.Unauthorized, exception.Message, null, exception);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, ewsUrl) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-AnchorMailbox", actingFor);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            // ErrorServerBusy comes as a SOAP fault (HTTP 500) with the back-off to honour.
            if (EwsSoap.ParseFault(body) is { } fault)
            {
                throw fault.Code is "ErrorServerBusy" or "ErrorExceededConnectionCount" or "ErrorTooManyObjectsOpened"
                    ? new MailboxBackendException(MailboxFailure.Throttled, $"EWS answered {fault.Code}", fault.BackOff)
                    : new MailboxBackendException(MailboxFailure.Unavailable, $"EWS answered {fault.Code}");
            }

            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new MailboxBackendException(
                    MailboxFailure.Unauthorized, $"EWS answered {(int)response.StatusCode}: is this cluster a partner application of Exchange (Configure-EnterprisePartnerApplication.ps1)?"),
                HttpStatusCode.TooManyRequests => new MailboxBackendException(MailboxFailure.Throttled, "EWS answered 429", RetryAfterHeader.Of(response.Headers.RetryAfter)),
                _ => new MailboxBackendException(MailboxFailure.Unavailable, $"EWS answered {(int)response.StatusCode}", RetryAfterHeader.Of(response.Headers.RetryAfter)),
            };
        }
        catch (HttpRequestException exception)
        {
            throw new MailboxBackendException(MailboxFailure.Unavailable, $"EWS could not be reached ({exception.Message})", null, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MailboxBackendException(MailboxFailure.Unavailable, "EWS did not answer in time", null, exception);
        }
    }

    private static T Read<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (EwsItemException exception)
        {
            throw new MailboxBackendException(
                exception.Code switch
                {
                    "ErrorIrresolvableConflict" or "ErrorChangeKeyRequiredForWriteOperations" => MailboxFailure.Conflict,
                    "ErrorInvalidSyncStateData" => MailboxFailure.SyncStateExpired,
                    _ => MailboxFailure.ItemNotFound,
                },
                exception.Message,
                null,
                exception);
        }
        catch (FormatException exception)
        {
            throw new MailboxBackendException(MailboxFailure.BadAnswer, exception.Message, null, exception);
        }
    }
}
