using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>The EWS side of the emulator: reads the two operations' requests and writes their answers and faults as Exchange does.</summary>
public static class EwsSoapAnswers
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    private static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";

    /// <summary>The operation element of the request's SOAP body; null when it is no SOAP request.</summary>
    public static async Task<XElement?> ReadRequestAsync(HttpContext context)
    {
        try
        {
            var document = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
            return document.Root?.Element(Soap + "Body")?.Elements().FirstOrDefault();
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>The mailboxes and window of a GetUserAvailability request.</summary>
    public static (List<string> Mailboxes, DateTimeOffset Start, DateTimeOffset End) AvailabilityRequest(XElement request)
    {
        var mailboxes = request.Element(M + "MailboxDataArray")?.Elements(T + "MailboxData")
            .Select(data => data.Element(T + "Email")?.Element(T + "Address")?.Value).OfType<string>().ToList() ?? [];
        var window = request.Element(T + "FreeBusyViewOptions")?.Element(T + "TimeWindow");
        return (mailboxes, Utc(window?.Element(T + "StartTime")?.Value), Utc(window?.Element(T + "EndTime")?.Value));
    }

    /// <summary>The mailbox of a GetUserOofSettings request.</summary>
    public static string OofRequest(XElement request) => request.Element(T + "Mailbox")?.Element(T + "Address")?.Value ?? string.Empty;

    /// <summary>One FreeBusyResponse per mailbox asked, in order (ErrorMailRecipientNotFound for unknown ones).</summary>
    public static Task WriteAvailabilityAsync(HttpContext context, IReadOnlyList<EmulatedMailbox?> mailboxes, DateTimeOffset start, DateTimeOffset end) =>
        WriteAsync(context, new XElement(M + "GetUserAvailabilityResponse",
            new XElement(M + "FreeBusyResponseArray", mailboxes.Select(mailbox => FreeBusyResponse(mailbox, start, end)))));

    private static XElement FreeBusyResponse(EmulatedMailbox? mailbox, DateTimeOffset start, DateTimeOffset end)
    {
        if (mailbox is null)
        {
            return new XElement(M + "FreeBusyResponse",
                new XElement(M + "ResponseMessage", new XAttribute("ResponseClass", "Error"),
                    new XElement(M + "MessageText", "No mailbox with such guid."),
                    new XElement(M + "ResponseCode", "ErrorMailRecipientNotFound")));
        }

        var events = mailbox.Events.Where(e => e.End > start && e.Start < end).OrderBy(e => e.Start).Select(CalendarEvent);
        return new XElement(M + "FreeBusyResponse",
            new XElement(M + "ResponseMessage", new XAttribute("ResponseClass", "Success"), new XElement(M + "ResponseCode", "NoError")),
            new XElement(M + "FreeBusyView",
                new XElement(T + "FreeBusyViewType", "DetailedMerged"),
                new XElement(T + "MergedFreeBusy", mailbox.MergedFreeBusy(start, end)),
                new XElement(T + "CalendarEventArray", events),
                new XElement(T + "WorkingHours",
                    new XElement(T + "TimeZone", new XElement(T + "Bias", "0")),
                    new XElement(T + "WorkingPeriodArray",
                        new XElement(T + "WorkingPeriod",
                            new XElement(T + "DayOfWeek", "Monday Tuesday Wednesday Thursday Friday"),
                            new XElement(T + "StartTimeInMinutes", "480"),
                            new XElement(T + "EndTimeInMinutes", "1020"))))));
    }

    private static XElement CalendarEvent(EmulatedEvent e) => new(T + "CalendarEvent",
        new XElement(T + "StartTime", Local(e.Start)),
        new XElement(T + "EndTime", Local(e.End)),
        new XElement(T + "BusyType", BusyType(e.Status)),
        new XElement(T + "CalendarEventDetails",
            new XElement(T + "ID", Guid.NewGuid().ToString("N")),
            new XElement(T + "Subject", e.Subject ?? string.Empty),
            new XElement(T + "Location", e.Location ?? string.Empty),
            new XElement(T + "IsMeeting", "true"),
            new XElement(T + "IsRecurring", "false"),
            new XElement(T + "IsException", "false"),
            new XElement(T + "IsReminderSet", "false"),
            new XElement(T + "IsPrivate", "false")));

    /// <summary>The OOF settings of <paramref name="mailbox"/> (ErrorNonExistentMailbox when there is none).</summary>
    public static Task WriteOofSettingsAsync(HttpContext context, EmulatedMailbox? mailbox)
    {
        if (mailbox is null)
        {
            return WriteAsync(context, new XElement(M + "GetUserOofSettingsResponse",
                new XElement(M + "ResponseMessage", new XAttribute("ResponseClass", "Error"),
                    new XElement(M + "MessageText", "The SMTP address has no mailbox associated with it."),
                    new XElement(M + "ResponseCode", "ErrorNonExistentMailbox"))));
        }

        var replies = mailbox.AutomaticReplies;
        return WriteAsync(context, new XElement(M + "GetUserOofSettingsResponse",
            new XElement(M + "ResponseMessage", new XAttribute("ResponseClass", "Success"), new XElement(M + "ResponseCode", "NoError")),
            new XElement(T + "OofSettings",
                new XElement(T + "OofState", replies.Status switch { "alwaysEnabled" => "Enabled", "scheduled" => "Scheduled", _ => "Disabled" }),
                new XElement(T + "ExternalAudience", "All"),
                new XElement(T + "Duration",
                    new XElement(T + "StartTime", (replies.ScheduledStart ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                    new XElement(T + "EndTime", (replies.ScheduledEnd ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))),
                new XElement(T + "InternalReply", new XElement(T + "Message", replies.InternalReplyMessage ?? string.Empty)),
                new XElement(T + "ExternalReply", new XElement(T + "Message", string.Empty))),
            new XElement(M + "AllowExternalOof", "All")));
    }

    /// <summary>A SOAP fault as Exchange writes ErrorServerBusy (HTTP 500), with BackOffMilliseconds when given.</summary>
    public static Task WriteFaultAsync(HttpContext context, string code, string message, TimeSpan? backOff)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        var detail = new XElement("detail",
            new XElement(E + "ResponseCode", code),
            new XElement(E + "Message", message));
        if (backOff is { } wait)
        {
            detail.Add(new XElement(T + "MessageXml",
                new XElement(T + "Value", new XAttribute("Name", "BackOffMilliseconds"), ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))));
        }

        return WriteAsync(context, null, new XElement(Soap + "Fault",
            new XElement("faultcode", new XAttribute(XNamespace.Xmlns + "a", T), $"a:{code}"),
            new XElement("faultstring", message),
            detail));
    }

    /// <summary>Writes a SOAP envelope around an operation's response (or a fault), with Exchange's server version header.</summary>
    public static Task WriteAsync(HttpContext context, XElement? response, XElement? fault = null)
    {
        var envelope = new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XElement(Soap + "Header",
                new XElement(T + "ServerVersionInfo", new XAttribute("MajorVersion", "15"), new XAttribute("MinorVersion", "2"), new XAttribute("Version", "V2017_07_11"))),
            new XElement(Soap + "Body", (object?)response ?? fault));
        context.Response.ContentType = "text/xml; charset=utf-8";
        return context.Response.WriteAsync(envelope.ToString(SaveOptions.DisableFormatting));
    }

    private static string BusyType(string status) => status switch
    {
        "free" => "Free",
        "tentative" => "Tentative",
        "busy" => "Busy",
        "oof" => "OOF",
        "workingElsewhere" => "WorkingElsewhere",
        _ => "NoData",
    };

    private static string Local(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant.ToUniversalTime() : default;
}
