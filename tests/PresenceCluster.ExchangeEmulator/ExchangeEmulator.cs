using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// Exchange Online as the mailbox connector sees it, on a real loopback Kestrel: the tenant's token endpoint (the
/// client-credentials grant with an RFC 7523 certificate assertion, checked against the registered application's
/// certificate), and Microsoft Graph's <c>POST /v1.0/users/{id}/calendar/getSchedule</c> (≤ 20 schedules, unknown
/// mailboxes as items with an error), <c>GET /v1.0/users/{id}/mailboxSettings</c> and <c>/v1.0/subscriptions</c> to
/// calendar changes (<see cref="EmulatedSubscriptions"/>), answering only tokens it issued.
/// Like Exchange it allows 4 requests in flight per mailbox (429 <c>MailboxConcurrency</c> beyond), and it injects
/// faults on demand; it counts every request, what was in flight, and requests sent before a Retry-After elapsed.
/// </summary>
public sealed partial class ExchangeEmulator : IAsyncDisposable
{
    /// <summary>The token endpoint's path.</summary>
    public const string TokenPath = "/contoso/oauth2/v2.0/token";

    /// <summary>The EWS endpoint's path.</summary>
    public const string EwsPath = "/EWS/Exchange.asmx";

    /// <summary>Exchange's application id, the first part of the audience its tokens must name.</summary>
    public const string ExchangeApplicationId = "00000002-0000-0ff1-ce00-000000000000";

    /// <summary>Requests allowed in flight per mailbox.</summary>
    public const int MailboxConcurrency = 4;

    private readonly ConcurrentDictionary<string, EmulatedMailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<EmulatorFault> _faults = new();
    private readonly ConcurrentDictionary<string, byte> _seenAssertions = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private int _requests;
    private int _maxInFlight;
    private int _earlyRequests;
    private int _concurrencyRefusals;
    private int _faultsInjected;
    private int _refusedTokens;
    private int _contactRequests;

    private ExchangeEmulator()
    {
    }

    /// <summary>Exchange as an OAuth partner of the cluster: its metadata document and the tokens it signs.</summary>
    public ExchangeIdentity Identity { get; private set; } = null!;

    /// <summary>Exchange's auth metadata document, which the cluster registers Exchange by.</summary>
    public Uri MetadataUrl => new(Address, ExchangeIdentity.MetadataPath);

    /// <summary>Graph's subscriptions to calendar changes, and the notifications they send.</summary>
    public EmulatedSubscriptions Subscriptions { get; private set; } = null!;

    /// <summary>The mailboxes' contact folders and items (Graph and EWS alike).</summary>
    public EmulatedContacts Contacts { get; } = new();

    /// <summary>Requests about contact folders and contacts (Graph and EWS).</summary>
    public int ContactRequests => Volatile.Read(ref _contactRequests);

    /// <summary>The clock of tokens and Retry-After windows: the tests' fake clock, so that the connector's waits are judged on the clock it keeps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The application's client id, which assertions must name.</summary>
    public string ClientId { get; init; } = "presencecluster-app";

    /// <summary>The certificate the application signs its assertions with (set once known, for example after the cluster made it).</summary>
    public X509Certificate2? ApplicationCertificate { get; set; }

    /// <summary>Where it listens.</summary>
    public Uri Address => new(_app.Urls.First());

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint => new(Address, TokenPath);

    /// <summary>The EWS endpoint.</summary>
    public Uri EwsUrl => new(Address, EwsPath);

    /// <summary>The OAuth realm the partner's tokens must name (the cluster's).</summary>
    public string Realm { get; set; } = "contoso.com";

    /// <summary>Requests refused for a bad token.</summary>
    public int RefusedTokens => Volatile.Read(ref _refusedTokens);

    /// <summary>Graph's base URL (<c>…/v1.0</c>).</summary>
    public Uri GraphBaseUrl => new(Address, "v1.0");

    /// <summary>Requests received (token requests included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The most requests ever in flight for one mailbox.</summary>
    public int MaxInFlightPerMailbox => Volatile.Read(ref _maxInFlight);

    /// <summary>Requests for a mailbox that arrived before the Retry-After given for it had elapsed.</summary>
    public int EarlyRequests => Volatile.Read(ref _earlyRequests);

    /// <summary>Requests refused because a mailbox already had 4 in flight.</summary>
    public int ConcurrencyRefusals => Volatile.Read(ref _concurrencyRefusals);

    /// <summary>Faults injected so far.</summary>
    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    /// <summary>Whether every Graph request is answered 503 (an outage), until set back.</summary>
    public bool Down { get; set; }

    /// <summary>Starts the emulator on a free loopback port.</summary>
    public static async Task<ExchangeEmulator> StartAsync(TimeProvider? time = null, string realm = "contoso.com")
    {
        var emulator = new ExchangeEmulator { Time = time ?? TimeProvider.System, Realm = realm };
        emulator.Subscriptions = new EmulatedSubscriptions(emulator.Time);
        emulator.Identity = new ExchangeIdentity(realm);
        emulator.Contacts.GoDown = () => emulator.Down = true;
        emulator.Contacts.Changed = emulator.Subscriptions.ContactChanged;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost(TokenPath, (Delegate)emulator.TokenAsync);
        app.MapPost("/v1.0/users/{id}/calendar/getSchedule", emulator.GetScheduleAsync);
        app.MapGet("/v1.0/users/{id}/mailboxSettings", emulator.MailboxSettingsAsync);
        app.MapPost("/v1.0/subscriptions", emulator.CreateSubscriptionAsync);
        app.MapMethods("/v1.0/subscriptions/{id}", [HttpMethods.Patch], emulator.RenewSubscriptionAsync);
        app.MapDelete("/v1.0/subscriptions/{id}", emulator.DeleteSubscriptionAsync);
        app.MapPost(EwsPath, emulator.EwsAsync);
        emulator.MapGraphContacts(app);
        app.MapGet(ExchangeIdentity.MetadataPath, () => Results.Text(emulator.Identity.MetadataDocument(emulator.MetadataUrl), "application/json"));
        emulator._app = app;
        await app.StartAsync();
        return emulator;
    }

    /// <summary>The mailbox <paramref name="address"/>, created empty if new.</summary>
    public EmulatedMailbox Mailbox(string address) => _mailboxes.GetOrAdd(address, key => new EmulatedMailbox(key, changeType => Subscriptions.Changed(key, changeType)));

    /// <summary>Queues faults: the next requests to Graph get them, one each, in order.</summary>
    public void Inject(params EmulatorFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Subscriptions.Dispose();
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || string.IsNullOrEmpty(form["scope"]))
        {
            return OAuthError("invalid_request", "grant_type, client_assertion_type and scope are required");
        }

        if (ApplicationCertificate is not { } certificate)
        {
            return OAuthError("invalid_client", "no application certificate is registered", StatusCodes.Status401Unauthorized);
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = new X509SecurityKey(certificate),
            ValidIssuer = ClientId,
            ValidAudience = TokenEndpoint.ToString(),
            RequireExpirationTime = true,

            // The cluster may run on a fake clock; the assertion's lifetime is the cluster's business.
            ValidateLifetime = false,
        });
        var jti = result.IsValid ? result.ClaimsIdentity.FindFirst("jti")?.Value : null;
        if (!result.IsValid || result.ClaimsIdentity.FindFirst("sub")?.Value != ClientId || form["client_id"] != ClientId || jti is null || !_seenAssertions.TryAdd(jti, 0))
        {
            return OAuthError("invalid_client", "the client assertion is not valid", StatusCodes.Status401Unauthorized);
        }

        var token = $"emulated-{Guid.NewGuid():N}";
        _tokens[token] = Time.GetUtcNow().AddHours(1);
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 3600 });
    }

    private async Task GetScheduleAsync(HttpContext context, string id)
    {
        if (!await AdmitAsync(context) || await JsonBodyAsync(context) is not { } body)
        {
            return;
        }

        // Graph reads action parameters without regard to case; the Graph SDK writes this body's as "Schedules", "StartTime"….
        var schedules = Property(body, "schedules") is JsonArray list ? list.Select(node => node?.GetValue<string>()).OfType<string>().ToList() : [];
        var hasStart = TryInstant(Property(body, "startTime"), out var start);
        var hasEnd = TryInstant(Property(body, "endTime"), out var end);
        var problem = schedules.Count is 0 or > 20 ? $"schedules holds {schedules.Count} addresses; 1–20 are allowed."
            : !hasStart ? "startTime must be a dateTimeTimeZone in UTC."
            : !hasEnd ? "endTime must be a dateTimeTimeZone in UTC."
            : end <= start || end - start > TimeSpan.FromDays(62) ? "endTime must be after startTime, less than 62 days later."
            : null;
        if (problem is not null)
        {
            await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "ErrorInvalidParameter", problem + " Body: " + body?.ToJsonString());
            return;
        }

        await WithMailboxesAsync(context, [id, .. schedules], async () =>
        {
            var value = new JsonArray();
            foreach (var address in schedules)
            {
                value.Add(_mailboxes.TryGetValue(address, out var mailbox) ? Schedule(mailbox, start, end) : UnknownSchedule(address));
            }

            await WriteJsonAsync(context, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)", ["value"] = value });
        });
    }

    private async Task MailboxSettingsAsync(HttpContext context, string id)
    {
        if (!await AdmitAsync(context))
        {
            return;
        }

        await WithMailboxesAsync(context, [id], async () =>
        {
            if (!_mailboxes.TryGetValue(id, out var mailbox))
            {
                await GraphErrorAsync(context, StatusCodes.Status404NotFound, "ErrorInvalidUser", $"The requested user '{id}' is invalid.");
                return;
            }

            var replies = mailbox.AutomaticReplies;
            await WriteJsonAsync(context, new JsonObject
            {
                ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{id}')/mailboxSettings",
                ["timeZone"] = "UTC",
                ["automaticRepliesSetting"] = new JsonObject
                {
                    ["status"] = replies.Status,
                    ["externalAudience"] = "all",
                    ["internalReplyMessage"] = replies.InternalReplyMessage ?? string.Empty,
                    ["externalReplyMessage"] = string.Empty,
                    ["scheduledStartDateTime"] = DateTimeTimeZone(replies.ScheduledStart ?? DateTimeOffset.UnixEpoch),
                    ["scheduledEndDateTime"] = DateTimeTimeZone(replies.ScheduledEnd ?? DateTimeOffset.UnixEpoch),
                },
            });
        });
    }

    private async Task CreateSubscriptionAsync(HttpContext context)
    {
        if (!await AdmitAsync(context) || await JsonBodyAsync(context) is not { } body)
        {
            return;
        }

        var mailbox = (body["resource"]?.GetValue<string>() ?? string.Empty).Trim('/').Split('/').ElementAtOrDefault(1) ?? string.Empty;
        await WithMailboxesAsync(context, [mailbox], async () =>
        {
            var (status, answer) = await Subscriptions.CreateAsync(body, context.RequestAborted);
            context.Response.StatusCode = status;
            await WriteJsonAsync(context, answer);
        });
    }

    private async Task RenewSubscriptionAsync(HttpContext context, string id)
    {
        if (!await AdmitAsync(context))
        {
            return;
        }

        var (status, answer) = Subscriptions.Renew(id, await JsonNode.ParseAsync(context.Request.Body));
        context.Response.StatusCode = status;
        await WriteJsonAsync(context, answer);
    }

    private async Task DeleteSubscriptionAsync(HttpContext context, string id)
    {
        if (!await AdmitAsync(context))
        {
            return;
        }

        if (!Subscriptions.Delete(id))
        {
            await GraphErrorAsync(context, StatusCodes.Status404NotFound, "ResourceNotFound", "The object was not found.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The request's JSON body, or null after answering 400 when it is not JSON.</summary>
    private static async Task<JsonNode?> JsonBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
        }
        catch (JsonException)
        {
            await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "BadRequest", "The body is not JSON.");
            return null;
        }
    }

    /// <summary>Counts the request, checks the bearer token, and applies an outage or a queued fault; false when answered here.</summary>
    private async Task<bool> AdmitAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(authorization["Bearer ".Length..], out var expires) || expires <= Time.GetUtcNow())
        {
            await GraphErrorAsync(context, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", "Access token is empty or not valid.");
            return false;
        }

        if (Down)
        {
            await UnavailableAsync(context, ews: false);
            return false;
        }

        return true;
    }

    /// <summary>Runs <paramref name="answer"/> holding a slot of each mailbox, or refuses as Exchange does; applies a queued fault.</summary>
    private async Task WithMailboxesAsync(HttpContext context, IReadOnlyList<string> mailboxes, Func<Task> answer, bool ews = false)
    {
        var distinct = mailboxes.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var now = Time.GetUtcNow();
        foreach (var mailbox in distinct)
        {
            if (_retryAfter.TryGetValue(mailbox, out var until) && now < until)
            {
                Interlocked.Increment(ref _earlyRequests);
            }
        }

        var entered = new List<string>();
        try
        {
            foreach (var mailbox in distinct)
            {
                var inFlight = _inFlight.AddOrUpdate(mailbox, 1, (_, n) => n + 1);
                entered.Add(mailbox);
                InterlockedMax(ref _maxInFlight, inFlight);
                if (inFlight > MailboxConcurrency)
                {
                    Interlocked.Increment(ref _concurrencyRefusals);
                    await ThrottledAsync(context, TimeSpan.FromSeconds(1), ews, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
                    return;
                }
            }

            if (_faults.TryDequeue(out var fault))
            {
                Interlocked.Increment(ref _faultsInjected);
                switch (fault)
                {
                    case EmulatorFault.Throttle throttle:
                        foreach (var mailbox in distinct)
                        {
                            _retryAfter[mailbox] = Time.GetUtcNow() + throttle.RetryAfter;
                        }

                        await ThrottledAsync(context, throttle.RetryAfter, ews, "TooManyRequests", "Please retry again later.");
                        return;
                    case EmulatorFault.Unavailable:
                        await UnavailableAsync(context, ews);
                        return;
                    case EmulatorFault.Slow slow:
                        await Task.Delay(slow.Delay, context.RequestAborted);
                        break;
                    case EmulatorFault.Drop:
                        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                        context.Abort();
                        return;
                    case EmulatorFault.WrongShape:
                        context.Response.ContentType = ews ? "text/xml; charset=utf-8" : "application/json";
                        await context.Response.WriteAsync(ews ? "<html><body>Service page</body></html>" : "{\"value\": 42");
                        return;
                }
            }

            await answer();
        }
        finally
        {
            foreach (var mailbox in entered)
            {
                _inFlight.AddOrUpdate(mailbox, 0, (_, n) => n - 1);
            }
        }
    }

    /// <summary>Graph: 429 with Retry-After. EWS: HTTP 500 with the ErrorServerBusy fault and its BackOffMilliseconds.</summary>
    private static Task ThrottledAsync(HttpContext context, TimeSpan retryAfter, bool ews, string code, string message)
    {
        if (!ews)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return GraphErrorAsync(context, StatusCodes.Status429TooManyRequests, code, message);
        }

        return EwsSoapAnswers.WriteFaultAsync(context, "ErrorServerBusy", "The server cannot service this request right now. Try again later.", retryAfter);
    }

    private static Task UnavailableAsync(HttpContext context, bool ews)
    {
        if (!ews)
        {
            return GraphErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "serviceNotAvailable", "The service is temporarily unavailable.");
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }

    private static JsonObject Schedule(EmulatedMailbox mailbox, DateTimeOffset start, DateTimeOffset end)
    {
        var items = new JsonArray();
        foreach (var item in mailbox.Events.Where(e => e.End > start && e.Start < end).OrderBy(e => e.Start))
        {
            items.Add(new JsonObject
            {
                ["isPrivate"] = false,
                ["status"] = item.Status,
                ["subject"] = item.Subject,
                ["location"] = item.Location,
                ["isMeeting"] = true,
                ["isRecurring"] = false,
                ["isException"] = false,
                ["isReminderSet"] = false,
                ["start"] = DateTimeTimeZone(item.Start),
                ["end"] = DateTimeTimeZone(item.End),
            });
        }

        return new JsonObject
        {
            ["scheduleId"] = mailbox.Address,
            ["availabilityView"] = mailbox.MergedFreeBusy(start, end),
            ["scheduleItems"] = items,
            ["workingHours"] = new JsonObject
            {
                ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
                ["startTime"] = "08:00:00.0000000",
                ["endTime"] = "17:00:00.0000000",
                ["timeZone"] = new JsonObject { ["name"] = "UTC" },
            },
        };
    }

    /// <summary>
    /// EWS as Exchange Server answers it: the bearer token checked as Exchange checks a partner's (MS-XOAUTH), then
    /// GetUserAvailability or GetUserOofSettings; only a mailbox's owner may read its OOF settings.
    /// </summary>
    private async Task EwsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var user = await EwsTokenChecker.CheckAsync(context, ApplicationCertificate, $"{ExchangeApplicationId}/{EwsUrl.Host}@{Realm}", Time);
        if (user is null)
        {
            Interlocked.Increment(ref _refusedTokens);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer client_id=\"{ExchangeApplicationId}\", trusted_issuers=\"00000001-0001-0000-c000-000000000000@*\"";
            return;
        }

        if (Down)
        {
            await UnavailableAsync(context, ews: true);
            return;
        }

        var request = await EwsSoapAnswers.ReadRequestAsync(context);
        if (request is not null && await EwsContactAsync(context, request, user))
        {
            return;
        }

        switch (request?.Name.LocalName)
        {
            case "GetUserAvailabilityRequest":
                var (mailboxes, start, end) = EwsSoapAnswers.AvailabilityRequest(request);
                await WithMailboxesAsync(context, [user, .. mailboxes], () => EwsSoapAnswers.WriteAvailabilityAsync(context, mailboxes.Select(address => _mailboxes.GetValueOrDefault(address)).ToList(), start, end), ews: true);
                return;
            case "GetUserOofSettingsRequest":
                var mailbox = EwsSoapAnswers.OofRequest(request);
                if (!string.Equals(mailbox, user, StringComparison.OrdinalIgnoreCase))
                {
                    await EwsSoapAnswers.WriteFaultAsync(context, "ErrorAccessDenied", "User is not mailbox owner.", null);
                    return;
                }

                await WithMailboxesAsync(context, [mailbox], () => EwsSoapAnswers.WriteOofSettingsAsync(context, _mailboxes.GetValueOrDefault(mailbox)), ews: true);
                return;
            default:
                await EwsSoapAnswers.WriteFaultAsync(context, "ErrorInvalidRequest", "The request is not an operation this server supports.", null);
                return;
        }
    }

    private static JsonObject UnknownSchedule(string address) => new()
    {
        ["scheduleId"] = address,
        ["availabilityView"] = string.Empty,
        ["error"] = new JsonObject { ["message"] = $"Failed to resolve the mailbox {address}.", ["responseCode"] = "ErrorMailRecipientNotFound" },
    };

    private static JsonObject DateTimeTimeZone(DateTimeOffset instant) => new()
    {
        ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    private static bool TryInstant(JsonNode? node, out DateTimeOffset instant)
    {
        instant = default;
        var text = Property(node, "dateTime")?.GetValue<string>();
        var zone = Property(node, "timeZone")?.GetValue<string>();
        if (text is null || !string.Equals(zone, "UTC", StringComparison.OrdinalIgnoreCase)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        instant = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        return true;
    }

    private static JsonNode? Property(JsonNode? node, string name) =>
        node is JsonObject properties ? properties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static Task WriteJsonAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task GraphErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return WriteJsonAsync(context, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject { ["request-id"] = Guid.NewGuid().ToString(), ["date"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
            },
        });
    }

    private static IResult OAuthError(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
