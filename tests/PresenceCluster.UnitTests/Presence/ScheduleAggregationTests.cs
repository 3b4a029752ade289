using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

/// <summary>
/// A mailbox's calendar items in the aggregate: In a meeting and Out of office exactly between each item's start and
/// end, with the next boundary named so that the grain switches without another poll.
/// </summary>
public sealed class ScheduleAggregationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly PresenceTimings Timings = new(TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(3));
    private static readonly EndpointRecord Laptop = new() { Id = "pc", MachineState = MachineState.Active, MachineReportedAt = T0, LastHeartbeat = T0 };

    private static ScheduleItem Item(int startMinutes, int endMinutes, FreeBusyStatus status, string? subject = null) =>
        new() { Start = T0.AddMinutes(startMinutes), End = T0.AddMinutes(endMinutes), Status = status, Subject = subject, Location = subject is null ? null : "Room 1" };

    private static AggregatedPresence At(int minutes, PresenceRecord record, params EndpointRecord[] endpoints) =>
        PresenceAggregator.Aggregate(record, endpoints.Length == 0 ? [Laptop] : endpoints, T0.AddMinutes(minutes), Timings);

    private static PresenceRecord With(params ScheduleItem[] items) =>
        new() { Schedule = new CalendarScheduleRecord(new CalendarSchedule { Items = items }, T0) };

    [Theory]
    [InlineData("BeforeTheMeeting", 29, LyncAvailability.Available, null, 30)]
    [InlineData("AtItsStart", 30, LyncAvailability.Busy, ActivityToken.InAMeeting, 60)]
    [InlineData("InTheMiddle", 45, LyncAvailability.Busy, ActivityToken.InAMeeting, 60)]
    [InlineData("AtItsEnd", 60, LyncAvailability.Available, null, null)]
    public void BusyItem_IsInAMeeting_ExactlyBetweenStartAndEnd(string name, int minutes, int availability, string? activity, int? nextChangeMinutes)
    {
        var result = At(minutes, With(Item(30, 60, FreeBusyStatus.Busy, "Plan")));

        Assert.True(availability == result.Availability, $"{name}: {result.Availability}");
        Assert.Equal(activity, result.Activity);
        Assert.Equal(nextChangeMinutes is { } next ? T0.AddMinutes(next) : (DateTimeOffset?)null, result.NextChangeAt is { } at && at < T0.AddMinutes(61) ? at : null);
    }

    [Fact]
    public void BusyItem_CarriesTheMeetingsDetails()
    {
        var result = At(40, With(Item(30, 60, FreeBusyStatus.Busy, "Plan")));

        Assert.Equal("Plan", result.Meeting?.Subject);
        Assert.Equal("Room 1", result.Meeting?.Location);
        Assert.Equal(T0.AddMinutes(30), result.Meeting?.Start);
    }

    [Theory]
    [InlineData(FreeBusyStatus.Tentative)]
    [InlineData(FreeBusyStatus.WorkingElsewhere)]
    [InlineData(FreeBusyStatus.Free)]
    public void TentativeElsewhereOrFree_ChangeNothing(FreeBusyStatus status)
    {
        var result = At(40, With(Item(30, 60, status, "Maybe")));

        Assert.Equal(LyncAvailability.Available, result.Availability);
        Assert.Null(result.Activity);
        Assert.Null(result.Meeting);
    }

    [Fact]
    public void OverlappingMeetings_StayInAMeetingUntilTheLastEnds_ShowingTheLatestStarted()
    {
        var record = With(Item(0, 60, FreeBusyStatus.Busy, "Long"), Item(30, 90, FreeBusyStatus.Busy, "Late"));

        var both = At(45, record);
        var second = At(60, record);
        var after = At(90, record);

        Assert.Equal(LyncAvailability.Busy, both.Availability);
        Assert.Equal("Late", both.Meeting?.Subject);
        Assert.Equal(T0.AddMinutes(60), both.NextChangeAt);
        Assert.Equal(LyncAvailability.Busy, second.Availability);
        Assert.Equal(ActivityToken.InAMeeting, second.Activity);
        Assert.Equal(LyncAvailability.Available, after.Availability);
    }

    [Fact]
    public void OutOfOfficeItem_KeepsAvailability_WithTheOutOfOfficeActivity()
    {
        var result = At(10, With(Item(0, 24 * 60, FreeBusyStatus.OutOfOffice)));

        Assert.Equal(LyncAvailability.Available, result.Availability);
        Assert.Equal(ActivityToken.OutOfOffice, result.Activity);
    }

    [Fact]
    public void ManualStateSetAfterTheMeetingStarted_BeatsTheCalendar()
    {
        var record = With(Item(0, 60, FreeBusyStatus.Busy)) with { Manual = new ManualStateRecord(ManualState.Available, T0.AddMinutes(10), null) };

        var result = At(20, record);

        Assert.Equal(LyncAvailability.Available, result.Availability);
        Assert.Null(result.Activity);
    }

    [Fact]
    public void MeetingStartingAfterTheManualState_WinsOverIt()
    {
        var record = With(Item(30, 60, FreeBusyStatus.Busy)) with { Manual = new ManualStateRecord(ManualState.Available, T0, null) };

        Assert.Equal(LyncAvailability.Busy, At(40, record).Availability);
    }

    [Fact]
    public void NoEndpoint_IsOffline_WhateverTheCalendar_ButTheBoundaryIsStillKnown()
    {
        var result = PresenceAggregator.Aggregate(With(Item(30, 60, FreeBusyStatus.Busy)), [], T0, Timings);

        Assert.Equal(LyncAvailability.Offline, result.Availability);
        Assert.Equal(T0.AddMinutes(30), result.NextChangeAt);
    }

    [Fact]
    public void SameItems_AreTheSameSchedule_InTheSameOrder()
    {
        var a = new CalendarSchedule { Items = [Item(0, 30, FreeBusyStatus.Busy, "A"), Item(60, 90, FreeBusyStatus.Busy)] };
        var b = new CalendarSchedule { Items = [Item(0, 30, FreeBusyStatus.Busy, "A"), Item(60, 90, FreeBusyStatus.Busy)] };
        var reordered = new CalendarSchedule { Items = [.. b.Items.Reverse()] };

        Assert.True(a.HasSameItemsAs(b));
        Assert.False(a.HasSameItemsAs(reordered));
        Assert.False(a.HasSameItemsAs(null));
    }
}
