using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Ews;

/// <summary>
/// The two EWS operations the connector uses, as SOAP 1.1 envelopes (element order as the schema's sequences), and
/// their answers: <c>GetUserAvailability</c> (free/busy with details, times in UTC) and <c>GetUserOofSettings</c>;
/// plus the fault Exchange answers when busy (<c>ErrorServerBusy</c> with <c>BackOffMilliseconds</c>). Pure: strings in,
/// records out. Hand-written because no maintained .NET EWS client exists.
/// </summary>
public static class EwsSoap
{
    /// <summary>The SOAP 1.1 envelope namespace.</summary>
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    /// <summary>EWS messages.</summary>
    public static readonly XNamespace Messages = "http://schemas.microsoft.com/exchange/services/2006/messages";

    /// <summary>EWS types.</summary>
    public static readonly XNamespace Types = "http://schemas.microsoft.com/exchange/services/2006/types";

    /// <summary>EWS errors (in fault details).</summary>
    public static readonly XNamespace Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";

    /// <summary>Mailboxes one GetUserAvailability may name.</summary>
    public const int MaxMailboxesPerAvailabilityRequest = 100;

    /// <summary>A GetUserAvailability request: detailed free/busy of <paramref name="mailboxes"/> between two instants, in UTC.</summary>
    public static string GetUserAvailability(IReadOnlyList<string> mailboxes, DateTimeOffset from, DateTimeOffset until, string version) => Envelope(version,
        new XElement(Messages + "GetUserAvailabilityRequest",
            UtcTimeZone(),
            new XElement(Messages + "MailboxDataArray", mailboxes.Select(mailbox =>
                new XElement(Types + "MailboxData",
                    new XElement(Types + "Email", new XElement(Types + "Address", mailbox)),
                    new XElement(Types + "AttendeeType", "Required"),
                    new XElement(Types + "ExcludeConflicts", "false")))),
            new XElement(Types + "FreeBusyViewOptions",
                new XElement(Types + "TimeWindow",
                    new XElement(Types + "StartTime", Local(from)),
                    new XElement(Types + "EndTime", Local(until))),
                new XElement(Types + "MergedFreeBusyIntervalInMinutes", "15"),
                new XElement(Types + "RequestedView", "DetailedMerged"))));

    /// <summary>A GetUserOofSettings request for <paramref name="mailbox"/> (which the token must act for: only the owner may read them).</summary>
    public static string GetUserOofSettings(string mailbox, string version) => Envelope(version,
        new XElement(Messages + "GetUserOofSettingsRequest",
            new XElement(Types + "Mailbox", new XElement(Types + "Address", mailbox))));

    /// <summary>The calendars in a GetUserAvailability answer, one per mailbox asked, in order.</summary>
    /// <exception cref="FormatException">The answer is not GetUserAvailability's shape.</exception>
    public static IReadOnlyList<MailboxCalendar> ParseAvailability(string xml, IReadOnlyList<string> mailboxes, DateTimeOffset windowStart = default)
    {
        var responses = Body(xml).Element(Messages + "GetUserAvailabilityResponse")?.Element(Messages + "FreeBusyResponseArray")?.Elements(Messages + "FreeBusyResponse").ToList()
            ?? throw new FormatException("The answer has no GetUserAvailabilityResponse/FreeBusyResponseArray.");
        if (responses.Count != mailboxes.Count)
        {
            throw new FormatException($"The answer has {responses.Count} FreeBusyResponse elements for {mailboxes.Count} mailboxes.");
        }

        return [.. responses.Select((response, i) => ToCalendar(mailboxes[i], response, windowStart))];
    }

    /// <summary>The automatic replies in a GetUserOofSettings answer.</summary>
    /// <exception cref="FormatException">The answer is not GetUserOofSettings' shape, or reports an error.</exception>
    public static AutomaticReplies ParseOofSettings(string xml)
    {
        var response = Body(xml).Element(Messages + "GetUserOofSettingsResponse") ?? throw new FormatException("The answer has no GetUserOofSettingsResponse.");
        if (ErrorOf(response.Element(Messages + "ResponseMessage")) is { } error)
        {
            throw new FormatException($"GetUserOofSettings answered {error}.");
        }

        var settings = response.Element(Types + "OofSettings") ?? throw new FormatException("The answer has no OofSettings.");
        var status = settings.Element(Types + "OofState")?.Value switch
        {
            "Enabled" => AutomaticRepliesStatus.AlwaysEnabled,
            "Scheduled" => AutomaticRepliesStatus.Scheduled,
            "Disabled" => AutomaticRepliesStatus.Disabled,
            var other => throw new FormatException($"OofState '{other}' is not Disabled, Enabled or Scheduled."),
        };
        var duration = settings.Element(Types + "Duration");
        return new AutomaticReplies(
            status,
            Instant(duration?.Element(Types + "StartTime")?.Value),
            Instant(duration?.Element(Types + "EndTime")?.Value),
            settings.Element(Types + "InternalReply")?.Element(Types + "Message")?.Value);
    }

    /// <summary>The response code and back-off of a SOAP fault (Exchange's answer when busy); null when <paramref name="xml"/> is no fault.</summary>
    public static (string Code, TimeSpan? BackOff)? ParseFault(string xml)
    {
        XElement? fault;
        try
        {
            fault = XDocument.Parse(xml).Root?.Element(Soap + "Body")?.Element(Soap + "Fault");
        }
        catch (XmlException)
        {
            return null;
        }

        if (fault is null)
        {
            return null;
        }

        var detail = fault.Element("detail");
        var code = detail?.Element(Errors + "ResponseCode")?.Value ?? fault.Element("faultcode")?.Value ?? "fault";
        var backOff = detail?.Element(Types + "MessageXml")?.Elements(Types + "Value")
            .FirstOrDefault(value => (string?)value.Attribute("Name") == "BackOffMilliseconds")?.Value;
        return (code, int.TryParse(backOff, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : null);
    }

    private static MailboxCalendar ToCalendar(string mailbox, XElement response, DateTimeOffset windowStart)
    {
        if (ErrorOf(response.Element(Messages + "ResponseMessage")) is { } error)
        {
            return new MailboxCalendar(mailbox, null, error);
        }

        var items = new List<ScheduleItem>();
        foreach (var calendarEvent in response.Element(Messages + "FreeBusyView")?.Element(Types + "CalendarEventArray")?.Elements(Types + "CalendarEvent") ?? [])
        {
            if (Instant(calendarEvent.Element(Types + "StartTime")?.Value) is not { } start
                || Instant(calendarEvent.Element(Types + "EndTime")?.Value) is not { } end || end <= start
                || Status(calendarEvent.Element(Types + "BusyType")?.Value) is not { } status)
            {
                continue;
            }

            var details = calendarEvent.Element(Types + "CalendarEventDetails");
            items.Add(new ScheduleItem
            {
                Start = start,
                End = end,
                Status = status,
                Subject = ScheduleItems.Field(details?.Element(Types + "Subject")?.Value),
                Location = ScheduleItems.Field(details?.Element(Types + "Location")?.Value),
            });
        }

        var view = response.Element(Messages + "FreeBusyView");
        return new MailboxCalendar(
            mailbox,
            ScheduleItems.ToSchedule(items),
            null,
            FreeBusyRules.ToCalendarData(windowStart, view?.Element(Types + "MergedFreeBusy")?.Value, WorkingHoursOf(view?.Element(Types + "WorkingHours"))));
    }

    /// <summary>
    /// EWS working hours: the first working period's days and minutes, in the mailbox's zone, named by its UTC offset
    /// (EWS describes the zone by its bias, not its name).
    /// </summary>
    private static WorkingHours? WorkingHoursOf(XElement? hours)
    {
        var period = hours?.Element(Types + "WorkingPeriodArray")?.Element(Types + "WorkingPeriod");
        if (period is null
            || !int.TryParse(period.Element(Types + "StartTimeInMinutes")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var startMinutes)
            || !int.TryParse(period.Element(Types + "EndTimeInMinutes")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var endMinutes)
            || endMinutes <= startMinutes || endMinutes > 24 * 60)
        {
            return null;
        }

        var bias = int.TryParse(hours!.Element(Types + "TimeZone")?.Element(Types + "Bias")?.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes) ? minutes : 0;
        var offset = TimeSpan.FromMinutes(-bias);
        return new WorkingHours
        {
            Start = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(startMinutes)),
            End = endMinutes == 24 * 60 ? new TimeOnly(23, 59, 59) : TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(endMinutes)),
            Days = FreeBusyRules.ToWorkDays((period.Element(Types + "DayOfWeek")?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            TimeZone = offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}",
        };
    }

    /// <summary>The response code of an EWS response message whose class is Error; null for a success (or no message).</summary>
    internal static string? ErrorOf(XElement? responseMessage) =>
        responseMessage is not null && (string?)responseMessage.Attribute("ResponseClass") == "Error"
            ? responseMessage.Element(Messages + "ResponseCode")?.Value ?? "Error"
            : null;

    private static FreeBusyStatus? Status(string? busyType) => busyType switch
    {
        "Free" => FreeBusyStatus.Free,
        "Tentative" => FreeBusyStatus.Tentative,
        "Busy" => FreeBusyStatus.Busy,
        "OOF" => FreeBusyStatus.OutOfOffice,
        "WorkingElsewhere" => FreeBusyStatus.WorkingElsewhere,
        _ => null,
    };

    /// <summary>The SOAP body of an answer.</summary>
    /// <exception cref="FormatException">The answer is not XML, or no SOAP envelope.</exception>
    internal static XElement Body(string xml)
    {
        try
        {
            return XDocument.Parse(xml).Root?.Element(Soap + "Body") ?? throw new FormatException("The answer is no SOAP envelope.");
        }
        catch (XmlException exception)
        {
            throw new FormatException($"The answer is not XML ({exception.Message}).", exception);
        }
    }

    /// <summary>A SOAP 1.1 envelope around <paramref name="request"/>, naming the Exchange version the request is written for.</summary>
    public static string Envelope(string version, XElement request)
    {
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soap", Soap),
                new XAttribute(XNamespace.Xmlns + "m", Messages),
                new XAttribute(XNamespace.Xmlns + "t", Types),
                new XElement(Soap + "Header", new XElement(Types + "RequestServerVersion", new XAttribute("Version", version))),
                new XElement(Soap + "Body", request)));
        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>UTC as EWS's time zone (no daylight time): every time in the request and the answer is UTC.</summary>
    private static XElement UtcTimeZone()
    {
        static XElement Transition(string name, int month, int day) => new(Types + name,
            new XElement(Types + "Bias", "0"),
            new XElement(Types + "Time", "00:00:00"),
            new XElement(Types + "DayOrder", day.ToString(CultureInfo.InvariantCulture)),
            new XElement(Types + "Month", month.ToString(CultureInfo.InvariantCulture)),
            new XElement(Types + "DayOfWeek", "Sunday"));
        return new XElement(Types + "TimeZone", new XElement(Types + "Bias", "0"), Transition("StandardTime", 10, 5), Transition("DaylightTime", 4, 1));
    }

    private static string Local(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An EWS time: with an offset or Z as given, without one in the requested zone (UTC).</summary>
    private static DateTimeOffset? Instant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant.ToUniversalTime() : null;
}
