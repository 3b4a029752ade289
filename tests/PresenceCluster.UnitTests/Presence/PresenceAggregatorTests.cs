using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

public sealed class PresenceAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly PresenceTimings Timings = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
    private static readonly PresenceRecord Empty = new();

    private static EndpointRecord Endpoint(
        string id = "pc",
        MachineState machine = MachineState.Active,
        DateTimeOffset? reportedAt = null,
        PhoneState phone = PhoneState.None,
        DateTimeOffset? phoneAt = null,
        DeviceClass device = DeviceClass.Computer,
        DateTimeOffset? heartbeat = null) => new()
    {
        Id = id,
        DeviceClass = device,
        MachineState = machine,
        MachineReportedAt = reportedAt ?? T0,
        PhoneState = phone,
        PhoneChangedAt = phoneAt ?? T0,
        LastHeartbeat = heartbeat ?? reportedAt ?? T0,
    };

    private static AggregatedPresence At(TimeSpan offset, PresenceRecord record, params EndpointRecord[] endpoints) =>
        PresenceAggregator.Aggregate(record, endpoints, T0 + offset, Timings);

    private static PresenceRecord Manual(ManualState state, TimeSpan setAfterT0, TimeSpan? expiresAfter = null) =>
        new() { Manual = new ManualStateRecord(state, T0 + setAfterT0, T0 + setAfterT0 + expiresAfter) };

    [Fact]
    public void Aggregate_NoEndpoint_IsOfflineWhateverTheManualState()
    {
        var result = At(TimeSpan.Zero, Manual(ManualState.Busy, TimeSpan.Zero));

        Assert.Equal(LyncAvailability.Offline, result.Availability);
        Assert.Null(result.Activity);
        Assert.Null(result.DeviceClass);
        Assert.Equal(0, result.LiveEndpoints);
    }

    [Theory]
    [InlineData(0, LyncAvailability.Available)]
    [InlineData(299, LyncAvailability.Available)]
    [InlineData(300, LyncAvailability.AvailableIdle)]
    [InlineData(599, LyncAvailability.AvailableIdle)]
    [InlineData(600, LyncAvailability.Away)]
    public void Aggregate_ActiveEndpointWithoutInput_DecaysToInactiveThenAway(int secondsIdle, int expected)
    {
        var result = At(TimeSpan.FromSeconds(secondsIdle), Empty, Endpoint(heartbeat: T0 + TimeSpan.FromSeconds(secondsIdle)));

        Assert.Equal(expected, result.Availability);
        Assert.Equal(T0, result.LastActive);
        Assert.Equal(DeviceClass.Computer, result.DeviceClass);
    }

    [Fact]
    public void Aggregate_ActiveEndpoint_NextChangeIsTheInactiveStep()
    {
        var result = At(TimeSpan.FromMinutes(1), Empty, Endpoint());

        Assert.Equal(T0 + TimeSpan.FromMinutes(5), result.NextChangeAt);
    }

    [Fact]
    public void Aggregate_ReportedInactive_IsAwayAfterTheAwayStep()
    {
        Assert.Equal(LyncAvailability.AvailableIdle, At(TimeSpan.FromMinutes(4), Empty, Endpoint(machine: MachineState.Inactive)).Availability);
        Assert.Equal(LyncAvailability.Away, At(TimeSpan.FromMinutes(5), Empty, Endpoint(machine: MachineState.Inactive)).Availability);
    }

    [Fact]
    public void Aggregate_EndpointPastItsTimeout_IsNotCounted()
    {
        var stale = Endpoint(machine: MachineState.Away);

        Assert.Equal(LyncAvailability.Away, At(TimeSpan.FromMinutes(9), Empty, stale).Availability);
        Assert.Equal(LyncAvailability.Offline, At(TimeSpan.FromMinutes(10), Empty, stale).Availability);
    }

    [Fact]
    public void Aggregate_TwoEndpoints_MostActiveWinsWithItsDeviceClass()
    {
        var result = At(
            TimeSpan.FromMinutes(1),
            Empty,
            Endpoint("pc", MachineState.Away, device: DeviceClass.Computer),
            Endpoint("phone", MachineState.Active, T0 + TimeSpan.FromMinutes(1), device: DeviceClass.Mobile));

        Assert.Equal(LyncAvailability.Available, result.Availability);
        Assert.Equal(DeviceClass.Mobile, result.DeviceClass);
        Assert.Equal(2, result.LiveEndpoints);
    }

    [Theory]
    [InlineData(ManualState.Available, LyncAvailability.Available, null)]
    [InlineData(ManualState.Busy, LyncAvailability.Busy, null)]
    [InlineData(ManualState.DoNotDisturb, LyncAvailability.DoNotDisturb, null)]
    [InlineData(ManualState.BeRightBack, LyncAvailability.BeRightBack, null)]
    [InlineData(ManualState.Away, LyncAvailability.Away, null)]
    [InlineData(ManualState.OffWork, LyncAvailability.Away, ActivityToken.OffWork)]
    [InlineData(ManualState.AppearOffline, LyncAvailability.Offline, null)]
    public void Aggregate_ManualStateIsTheLatestPublication_Wins(ManualState state, int expected, string? activity)
    {
        var result = At(TimeSpan.FromMinutes(1), Manual(state, TimeSpan.FromMinutes(1)), Endpoint());

        Assert.Equal(expected, result.Availability);
        Assert.Equal(activity, result.Activity);
    }

    [Fact]
    public void Aggregate_InputAfterManualBusy_StaysBusy()
    {
        var result = At(TimeSpan.FromMinutes(2), Manual(ManualState.Busy, TimeSpan.FromMinutes(1)), Endpoint(reportedAt: T0 + TimeSpan.FromMinutes(2)));

        Assert.Equal(LyncAvailability.Busy, result.Availability);
    }

    [Fact]
    public void Aggregate_IdleAfterManualBusy_IsBusyIdle()
    {
        var result = At(TimeSpan.FromMinutes(6), Manual(ManualState.Busy, TimeSpan.FromMinutes(1)), Endpoint(reportedAt: T0 + TimeSpan.FromMinutes(0.5), heartbeat: T0 + TimeSpan.FromMinutes(6)));

        Assert.Equal(LyncAvailability.BusyIdle, result.Availability);
    }

    [Fact]
    public void Aggregate_IdleAfterManualAvailable_IsAvailableIdle()
    {
        var result = At(TimeSpan.FromMinutes(6), Manual(ManualState.Available, TimeSpan.FromMinutes(0.5)), Endpoint(heartbeat: T0 + TimeSpan.FromMinutes(6)));

        Assert.Equal(LyncAvailability.AvailableIdle, result.Availability);
    }

    [Fact]
    public void Aggregate_AwayAfterManualDoNotDisturb_TakesTheLeastAvailable()
    {
        var result = At(TimeSpan.FromMinutes(11), Manual(ManualState.DoNotDisturb, TimeSpan.FromMinutes(0.5)), Endpoint(heartbeat: T0 + TimeSpan.FromMinutes(11)));

        Assert.Equal(LyncAvailability.Away, result.Availability);
    }

    [Fact]
    public void Aggregate_CallAfterManualAvailable_IsBusyOnThePhone()
    {
        var result = At(
            TimeSpan.FromMinutes(2),
            Manual(ManualState.Available, TimeSpan.FromMinutes(1)),
            Endpoint(phone: PhoneState.OnCall, phoneAt: T0 + TimeSpan.FromMinutes(2)));

        Assert.Equal(LyncAvailability.Busy, result.Availability);
        Assert.Equal(ActivityToken.OnThePhone, result.Activity);
    }

    [Fact]
    public void Aggregate_DoNotDisturbSetDuringCall_DropsTheCallActivity()
    {
        var result = At(
            TimeSpan.FromMinutes(2),
            Manual(ManualState.DoNotDisturb, TimeSpan.FromMinutes(2)),
            Endpoint(phone: PhoneState.InConference, phoneAt: T0 + TimeSpan.FromMinutes(1)));

        Assert.Equal(LyncAvailability.DoNotDisturb, result.Availability);
        Assert.Null(result.Activity);
    }

    [Fact]
    public void Aggregate_Presenting_IsDoNotDisturbInPresentation()
    {
        var result = At(TimeSpan.FromMinutes(1), Empty, Endpoint(phone: PhoneState.Presenting, phoneAt: T0 + TimeSpan.FromMinutes(1)));

        Assert.Equal(LyncAvailability.DoNotDisturb, result.Availability);
        Assert.Equal(ActivityToken.InPresentation, result.Activity);
    }

    [Fact]
    public void Aggregate_MeetingInProgress_IsBusyInAMeetingWithDetails()
    {
        var meeting = new CalendarState { Kind = CalendarStateKind.InMeeting, Start = T0 + TimeSpan.FromMinutes(30), End = T0 + TimeSpan.FromMinutes(60), Subject = "Plan", Location = "Room 1" };
        var record = new PresenceRecord { Calendar = new CalendarStateRecord(meeting, T0) };

        var before = At(TimeSpan.FromMinutes(1), record, Endpoint(heartbeat: T0 + TimeSpan.FromMinutes(1)));
        var during = At(TimeSpan.FromMinutes(31), record, Endpoint(reportedAt: T0 + TimeSpan.FromMinutes(29), heartbeat: T0 + TimeSpan.FromMinutes(31)));

        Assert.Equal(LyncAvailability.Available, before.Availability);
        Assert.Null(before.Meeting);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), before.NextChangeAt);
        Assert.Equal(LyncAvailability.Busy, during.Availability);
        Assert.Equal(ActivityToken.InAMeeting, during.Activity);
        Assert.Equal("Plan", during.Meeting?.Subject);
        Assert.Equal("Room 1", during.Meeting?.Location);
        Assert.Equal(T0 + TimeSpan.FromMinutes(34), during.NextChangeAt);
    }

    [Fact]
    public void Aggregate_MeetingStartsLater_NextChangeIsItsStart()
    {
        var meeting = new CalendarState { Kind = CalendarStateKind.InMeeting, Start = T0 + TimeSpan.FromMinutes(3), End = T0 + TimeSpan.FromMinutes(60) };
        var record = new PresenceRecord { Calendar = new CalendarStateRecord(meeting, T0) };

        var result = At(TimeSpan.FromMinutes(1), record, Endpoint(reportedAt: T0 + TimeSpan.FromMinutes(1)));

        Assert.Equal(T0 + TimeSpan.FromMinutes(3), result.NextChangeAt);
    }

    [Fact]
    public void Aggregate_CalendarOutOfOffice_KeepsAvailabilityWithOutOfOfficeActivity()
    {
        var oof = new CalendarState { Kind = CalendarStateKind.OutOfOffice, Start = T0, End = T0 + TimeSpan.FromDays(1) };
        var record = new PresenceRecord { Calendar = new CalendarStateRecord(oof, T0) };

        var result = At(TimeSpan.FromMinutes(1), record, Endpoint(reportedAt: T0 + TimeSpan.FromMinutes(1)));

        Assert.Equal(LyncAvailability.Available, result.Availability);
        Assert.Equal(ActivityToken.OutOfOffice, result.Activity);
    }

    [Fact]
    public void Aggregate_ManualBusyWithExpiry_RevertsAtTheExpiry()
    {
        var record = Manual(ManualState.Busy, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));
        EndpointRecord Online(int minute) => Endpoint(machine: MachineState.Active, reportedAt: T0 + TimeSpan.FromMinutes(minute - 1), heartbeat: T0 + TimeSpan.FromMinutes(minute));

        var before = At(TimeSpan.FromMinutes(30), record, Online(30));
        var after = At(TimeSpan.FromMinutes(31), record, Online(31));

        Assert.Equal(LyncAvailability.Busy, before.Availability);
        Assert.Equal(T0 + TimeSpan.FromMinutes(31), before.NextChangeAt);
        Assert.Equal(LyncAvailability.Available, after.Availability);
    }

    [Fact]
    public void Aggregate_OofNote_ShowsOnlyWithinItsWindow()
    {
        var record = new PresenceRecord { OofNote = new OofNote { Text = "On leave", Start = T0 + TimeSpan.FromHours(1), End = T0 + TimeSpan.FromHours(2) } };

        Assert.Null(At(TimeSpan.Zero, record).OofNote);
        Assert.Equal(T0 + TimeSpan.FromHours(1), At(TimeSpan.Zero, record).NextChangeAt);
        Assert.Equal("On leave", At(TimeSpan.FromMinutes(90), record).OofNote?.Text);
        Assert.Null(At(TimeSpan.FromHours(2), record).OofNote);
    }

    [Fact]
    public void Aggregate_BusySetAgainAfterTheDeviceRepublished_StaysBusy()
    {
        var endpoint = Endpoint("laptop", reportedAt: T0.AddSeconds(30));
        var record = Manual(ManualState.Busy, TimeSpan.FromSeconds(31));

        var result = At(TimeSpan.FromSeconds(31), record, endpoint);

        Assert.Equal(LyncAvailability.Busy, result.Availability);
    }
}
