using Microsoft.Kiota.Serialization.Json;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Graph;
using PresenceCluster.Presence;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>Graph's documented answers, parsed by the Graph SDK's own models, into the presence model.</summary>
public sealed class GraphMailboxMappingTests
{
    // The example of Graph's getSchedule documentation (one mailbox), with the zone of a Prefer header.
    private const string ScheduleInformation = """
        {
          "scheduleId": "adelev@contoso.com",
          "availabilityView": "000220000",
          "scheduleItems": [
            { "isPrivate": false, "status": "busy", "subject": "Let's go for lunch", "location": "Harry's Bar",
              "start": { "dateTime": "2019-03-15T12:00:00.0000000", "timeZone": "Pacific Standard Time" },
              "end": { "dateTime": "2019-03-15T14:00:00.0000000", "timeZone": "Pacific Standard Time" } },
            { "isPrivate": false, "status": "tentative", "subject": "Maybe",
              "start": { "dateTime": "2019-03-15T15:00:00.0000000", "timeZone": "UTC" },
              "end": { "dateTime": "2019-03-15T16:00:00.0000000", "timeZone": "UTC" } },
            { "isPrivate": false, "status": "oof",
              "start": { "dateTime": "2019-03-15T08:00:00.0000000", "timeZone": "UTC" },
              "end": { "dateTime": "2019-03-15T09:00:00.0000000", "timeZone": "UTC" } },
            { "isPrivate": false, "status": "unknown",
              "start": { "dateTime": "2019-03-15T10:00:00.0000000", "timeZone": "UTC" },
              "end": { "dateTime": "2019-03-15T11:00:00.0000000", "timeZone": "UTC" } },
            { "isPrivate": false, "status": "busy",
              "start": { "dateTime": "2019-03-15T18:00:00.0000000", "timeZone": "UTC" },
              "end": { "dateTime": "2019-03-15T17:00:00.0000000", "timeZone": "UTC" } }
          ],
          "workingHours": { "daysOfWeek": ["monday"], "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000", "timeZone": { "name": "Pacific Standard Time" } }
        }
        """;

    [Fact]
    public async Task ScheduleInformation_BecomesASchedule_InUtc_Sorted_WithoutUnknownOrInvalidItems()
    {
        var calendar = GraphMailboxMapping.ToCalendar("adelev@contoso.com", await ParseAsync(ScheduleInformation, GraphModels.ScheduleInformation.CreateFromDiscriminatorValue));

        Assert.Null(calendar.Error);
        var items = calendar.Schedule!.Items;
        Assert.Equal([FreeBusyStatus.OutOfOffice, FreeBusyStatus.Tentative, FreeBusyStatus.Busy], items.Select(i => i.Status));
        var lunch = items[2];
        Assert.Equal(new DateTimeOffset(2019, 3, 15, 19, 0, 0, TimeSpan.Zero), lunch.Start.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2019, 3, 15, 21, 0, 0, TimeSpan.Zero), lunch.End.ToUniversalTime());
        Assert.Equal("Let's go for lunch", lunch.Subject);
        Assert.Equal("Harry's Bar", lunch.Location);
        Assert.Equal("000220000", calendar.Data!.FreeBusy);
        Assert.Equal(new TimeOnly(8, 0), calendar.Data.WorkingHours!.Start);
        Assert.Equal(WorkDays.Monday, calendar.Data.WorkingHours.Days);
        Assert.Equal("Pacific Standard Time", calendar.Data.WorkingHours.TimeZone);
    }

    [Fact]
    public async Task ScheduleInformationWithAnError_IsThatMailboxsError()
    {
        var information = await ParseAsync("""{ "scheduleId": "nobody@contoso.com", "error": { "message": "Failed to resolve", "responseCode": "ErrorMailRecipientNotFound" } }""", GraphModels.ScheduleInformation.CreateFromDiscriminatorValue);

        var calendar = GraphMailboxMapping.ToCalendar("nobody@contoso.com", information);

        Assert.Null(calendar.Schedule);
        Assert.Equal("ErrorMailRecipientNotFound", calendar.Error);
    }

    [Theory]
    [InlineData("disabled", AutomaticRepliesStatus.Disabled)]
    [InlineData("alwaysEnabled", AutomaticRepliesStatus.AlwaysEnabled)]
    [InlineData("scheduled", AutomaticRepliesStatus.Scheduled)]
    public async Task AutomaticRepliesSetting_BecomesAutomaticReplies(string status, AutomaticRepliesStatus expected)
    {
        // Graph's automaticRepliesSetting example.
        var setting = await ParseAsync($$"""
            { "status": "{{status}}", "externalAudience": "all",
              "scheduledStartDateTime": { "dateTime": "2016-03-14T07:00:00.0000000", "timeZone": "UTC" },
              "scheduledEndDateTime": { "dateTime": "2016-03-28T07:00:00.0000000", "timeZone": "UTC" },
              "internalReplyMessage": "<html>\n<body>\n<p>I'm at our company's worldwide reunion and will respond to your message as soon as I return.<br>\n</p></body>\n</html>\n",
              "externalReplyMessage": "<html>\n<body>\n<p>I'm at the Contoso worldwide reunion and will respond as soon as I return.<br>\n</p></body>\n</html>\n" }
            """, GraphModels.AutomaticRepliesSetting.CreateFromDiscriminatorValue);

        var replies = GraphMailboxMapping.ToAutomaticReplies(setting);

        Assert.Equal(expected, replies.Status);
        Assert.Equal(new DateTimeOffset(2016, 3, 14, 7, 0, 0, TimeSpan.Zero), replies.Start);
        Assert.Equal(new DateTimeOffset(2016, 3, 28, 7, 0, 0, TimeSpan.Zero), replies.End);
        Assert.Equal("I'm at our company's worldwide reunion and will respond to your message as soon as I return.", OutOfOfficeRules.PlainText(replies.InternalMessage));
    }

    [Theory]
    [InlineData("2026-01-05T09:00:00.0000000", "UTC", "2026-01-05T09:00:00+00:00")]
    [InlineData("2026-01-05T09:00:00", null, "2026-01-05T09:00:00+00:00")]
    [InlineData("2026-07-05T09:00:00", "W. Europe Standard Time", "2026-07-05T07:00:00+00:00")]
    [InlineData("2026-07-05T09:00:00", "Europe/Berlin", "2026-07-05T07:00:00+00:00")]
    [InlineData("not a time", "UTC", null)]
    [InlineData("2026-01-05T09:00:00", "Nowhere Standard Time", null)]
    public void DateTimeTimeZone_IsReadInItsZone(string dateTime, string? zone, string? expected)
    {
        var instant = GraphMailboxMapping.ToInstant(new GraphModels.DateTimeTimeZone { DateTime = dateTime, TimeZone = zone });

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    private static async Task<T> ParseAsync<T>(string json, Microsoft.Kiota.Abstractions.Serialization.ParsableFactory<T> factory)
        where T : Microsoft.Kiota.Abstractions.Serialization.IParsable
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return (await new JsonParseNodeFactory().GetRootParseNodeAsync("application/json", stream)).GetObjectValue(factory)!;
    }
}
