using PresenceCluster.Errors;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

/// <summary>The durable parts' edits: a repeated publication is no change (no write), bad input changes nothing.</summary>
public sealed class PresenceRecordEditsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly CalendarSchedule Meeting = new()
    {
        Items = [new ScheduleItem { Start = T0.AddHours(1), End = T0.AddHours(2), Status = FreeBusyStatus.Busy, Subject = "Review" }],
    };

    [Fact]
    public void SameScheduleAgain_IsNoChange_EvenPublishedLater()
    {
        var first = PresenceRecordEdits.WithSchedule(new PresenceRecord(), Meeting, T0)!;

        Assert.Equal(T0, first.Schedule!.PublishedAt);
        Assert.Null(PresenceRecordEdits.WithSchedule(first, Meeting with { }, T0.AddMinutes(5)));
        Assert.Null(PresenceRecordEdits.WithSchedule(new PresenceRecord(), null, T0));
        Assert.Null(PresenceRecordEdits.WithSchedule(first, null, T0)!.Schedule);
    }

    [Fact]
    public void EmptyLocation_IsNone_AndTheSameLocationIsNoChange()
    {
        var located = PresenceRecordEdits.WithLocation(new PresenceRecord(), "Building 4")!;

        Assert.Equal("Building 4", located.Location);
        Assert.Null(PresenceRecordEdits.WithLocation(located, "Building 4"));
        Assert.Null(PresenceRecordEdits.WithLocation(new PresenceRecord(), string.Empty));
        Assert.Null(PresenceRecordEdits.WithLocation(located, string.Empty)!.Location);
    }

    [Fact]
    public void ManualState_ExpiresAfterItsDuration_AndClearingNoneIsNoChange()
    {
        var busy = PresenceRecordEdits.WithManualState(new PresenceRecord(), ManualState.Busy, TimeSpan.FromHours(1), TimeSpan.FromDays(1), T0);

        Assert.Equal(new ManualStateRecord(ManualState.Busy, T0, T0.AddHours(1)), busy.Manual);
        Assert.Null(PresenceRecordEdits.WithoutManualState(new PresenceRecord()));
        Assert.Null(PresenceRecordEdits.WithoutManualState(busy)!.Manual);
        Assert.Throws<InvalidInputException>(() => PresenceRecordEdits.WithManualState(new PresenceRecord(), ManualState.Busy, TimeSpan.FromDays(2), TimeSpan.FromDays(1), T0));
    }

    [Fact]
    public void OofNoteAndCalendarData_RepeatedAreNoChange()
    {
        var note = new OofNote { Text = "Back on Monday" };
        var data = new CalendarData { FreeBusyStart = T0, FreeBusy = "0022" };
        var withNote = PresenceRecordEdits.WithOofNote(new PresenceRecord(), note)!;
        var withData = PresenceRecordEdits.WithCalendarData(withNote, data)!;

        Assert.Null(PresenceRecordEdits.WithOofNote(withData, note with { }));
        Assert.Null(PresenceRecordEdits.WithCalendarData(withData, data with { }));
        Assert.Equal((note, data), (withData.OofNote, withData.CalendarData));
    }

    [Fact]
    public void FirstSequence_OfANewActivation_IsAboveTheStoredOne_AndAboveTheWallClockInMicroseconds()
    {
        Assert.Equal(T0.ToUnixTimeMilliseconds() * 1000, PresenceEntryBuilder.FirstSequence(new PresenceRecord { LastSequence = 7 }, T0));
        Assert.Equal(long.MaxValue - 1, PresenceEntryBuilder.FirstSequence(new PresenceRecord { LastSequence = long.MaxValue - 1 }, T0));
    }
}
