using System.Xml.Linq;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Ews;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>The EWS envelopes the connector sends and the answers it reads, from the documented shapes.</summary>
public sealed class EwsSoapTests
{
    private static readonly DateTimeOffset From = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUserAvailability_IsTheDocumentedRequest_InSchemaOrder_InUtc()
    {
        var envelope = XDocument.Parse(EwsSoap.GetUserAvailability(["alice@contoso.com", "bob@contoso.com"], From, From.AddHours(8), "Exchange2016"));

        var header = envelope.Root!.Element(EwsSoap.Soap + "Header")!.Element(EwsSoap.Types + "RequestServerVersion")!;
        var request = envelope.Root.Element(EwsSoap.Soap + "Body")!.Element(EwsSoap.Messages + "GetUserAvailabilityRequest")!;
        Assert.Equal("Exchange2016", (string?)header.Attribute("Version"));
        Assert.Equal(["TimeZone", "MailboxDataArray", "FreeBusyViewOptions"], request.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("0", request.Element(EwsSoap.Types + "TimeZone")!.Element(EwsSoap.Types + "Bias")!.Value);
        Assert.Equal(["alice@contoso.com", "bob@contoso.com"], request.Descendants(EwsSoap.Types + "Address").Select(a => a.Value));
        var options = request.Element(EwsSoap.Types + "FreeBusyViewOptions")!;
        Assert.Equal(["TimeWindow", "MergedFreeBusyIntervalInMinutes", "RequestedView"], options.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("2026-01-05T09:00:00", options.Element(EwsSoap.Types + "TimeWindow")!.Element(EwsSoap.Types + "StartTime")!.Value);
        Assert.Equal("DetailedMerged", options.Element(EwsSoap.Types + "RequestedView")!.Value);
    }

    [Fact]
    public void AvailabilityAnswer_BecomesOneCalendarPerMailbox_UnknownMailboxesAsErrors()
    {
        const string Answer = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
              <GetUserAvailabilityResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
                <FreeBusyResponseArray>
                  <FreeBusyResponse>
                    <ResponseMessage ResponseClass="Success"><ResponseCode>NoError</ResponseCode></ResponseMessage>
                    <FreeBusyView>
                      <t:FreeBusyViewType>Detailed</t:FreeBusyViewType>
                      <t:CalendarEventArray>
                        <t:CalendarEvent><t:StartTime>2026-01-05T10:00:00</t:StartTime><t:EndTime>2026-01-05T11:00:00</t:EndTime><t:BusyType>Busy</t:BusyType>
                          <t:CalendarEventDetails><t:ID>1</t:ID><t:Subject>Planning</t:Subject><t:Location>Room 1</t:Location><t:IsMeeting>true</t:IsMeeting><t:IsRecurring>false</t:IsRecurring><t:IsException>false</t:IsException><t:IsReminderSet>true</t:IsReminderSet><t:IsPrivate>false</t:IsPrivate></t:CalendarEventDetails></t:CalendarEvent>
                        <t:CalendarEvent><t:StartTime>2026-01-05T09:00:00</t:StartTime><t:EndTime>2026-01-05T09:30:00</t:EndTime><t:BusyType>OOF</t:BusyType></t:CalendarEvent>
                        <t:CalendarEvent><t:StartTime>2026-01-05T12:00:00</t:StartTime><t:EndTime>2026-01-05T13:00:00</t:EndTime><t:BusyType>NoData</t:BusyType></t:CalendarEvent>
                      </t:CalendarEventArray>
                      <t:MergedFreeBusy>3022</t:MergedFreeBusy>
                      <t:WorkingHours><t:TimeZone><t:Bias>480</t:Bias></t:TimeZone><t:WorkingPeriodArray><t:WorkingPeriod>
                        <t:DayOfWeek>Monday Tuesday Wednesday Thursday Friday</t:DayOfWeek><t:StartTimeInMinutes>480</t:StartTimeInMinutes><t:EndTimeInMinutes>1020</t:EndTimeInMinutes>
                      </t:WorkingPeriod></t:WorkingPeriodArray></t:WorkingHours>
                    </FreeBusyView>
                  </FreeBusyResponse>
                  <FreeBusyResponse>
                    <ResponseMessage ResponseClass="Error"><MessageText>No mailbox</MessageText><ResponseCode>ErrorMailRecipientNotFound</ResponseCode></ResponseMessage>
                  </FreeBusyResponse>
                </FreeBusyResponseArray>
              </GetUserAvailabilityResponse>
            </s:Body></s:Envelope>
            """;

        var calendars = EwsSoap.ParseAvailability(Answer, ["alice@contoso.com", "nobody@contoso.com"]);

        var alice = calendars[0].Schedule!.Items;
        Assert.Equal([FreeBusyStatus.OutOfOffice, FreeBusyStatus.Busy], alice.Select(i => i.Status));
        Assert.Equal(From.AddHours(1), alice[1].Start);
        Assert.Equal("Planning", alice[1].Subject);
        Assert.Equal("Room 1", alice[1].Location);
        Assert.Equal("3022", calendars[0].Data!.FreeBusy);
        Assert.Equal(new TimeOnly(17, 0), calendars[0].Data!.WorkingHours!.End);
        Assert.Equal("UTC-08:00", calendars[0].Data!.WorkingHours!.TimeZone);
        Assert.Null(calendars[1].Schedule);
        Assert.Equal("ErrorMailRecipientNotFound", calendars[1].Error);
        Assert.Throws<FormatException>(() => EwsSoap.ParseAvailability(Answer, ["alice@contoso.com"]));
        Assert.Throws<FormatException>(() => EwsSoap.ParseAvailability("<html/>", ["alice@contoso.com"]));
    }

    [Theory]
    [InlineData("Disabled", AutomaticRepliesStatus.Disabled)]
    [InlineData("Enabled", AutomaticRepliesStatus.AlwaysEnabled)]
    [InlineData("Scheduled", AutomaticRepliesStatus.Scheduled)]
    public void OofSettingsAnswer_BecomesAutomaticReplies(string state, AutomaticRepliesStatus expected)
    {
        // GetUserOofSettings' documented answer.
        var answer = $"""
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
              <GetUserOofSettingsResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
                <ResponseMessage ResponseClass="Success"><ResponseCode>NoError</ResponseCode></ResponseMessage>
                <OofSettings xmlns="http://schemas.microsoft.com/exchange/services/2006/types">
                  <OofState>{state}</OofState><ExternalAudience>All</ExternalAudience>
                  <Duration><StartTime>2026-01-05T00:00:00Z</StartTime><EndTime>2026-01-09T00:00:00Z</EndTime></Duration>
                  <InternalReply><Message>I am out of office. This is my internal reply.</Message></InternalReply>
                  <ExternalReply><Message>I am out of office. This is my external reply.</Message></ExternalReply>
                </OofSettings>
                <AllowExternalOof>All</AllowExternalOof>
              </GetUserOofSettingsResponse>
            </s:Body></s:Envelope>
            """;

        var replies = EwsSoap.ParseOofSettings(answer);

        Assert.Equal(expected, replies.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), replies.Start);
        Assert.Equal(new DateTimeOffset(2026, 1, 9, 0, 0, 0, TimeSpan.Zero), replies.End);
        Assert.Equal("I am out of office. This is my internal reply.", replies.InternalMessage);
    }

    [Fact]
    public void ServerBusyFault_GivesItsCodeAndBackOff()
    {
        // The fault Exchange answers when busy, as captured from a real server.
        const string Fault = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
              <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>
              <faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring>
              <detail>
                <e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>
                <e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now. Try again later.</e:Message>
                <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">297749</t:Value></t:MessageXml>
              </detail>
            </s:Fault></s:Body></s:Envelope>
            """;

        Assert.Equal(("ErrorServerBusy", (TimeSpan?)TimeSpan.FromMilliseconds(297749)), EwsSoap.ParseFault(Fault));
        Assert.Null(EwsSoap.ParseFault("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>"));
        Assert.Null(EwsSoap.ParseFault("not xml"));
    }
}
