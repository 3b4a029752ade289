namespace PresenceCluster.Presence;

/// <summary>
/// The durable parts of presence as each write changes them: every edit checks its input, and returns the next record
/// or null when nothing changes (a publisher that repeats itself — the mailbox connector every few minutes — must cost
/// no write). An empty note or location is none; a replaced note goes to the front of the history.
/// </summary>
public static class PresenceRecordEdits
{
    /// <summary>With <paramref name="note"/> as the note and the previous one first in a history of at most <paramref name="historyLength"/>.</summary>
    /// <exception cref="Errors.InvalidInputException">The note is too long.</exception>
    public static PresenceRecord? WithNote(PresenceRecord current, string? note, int historyLength)
    {
        PresenceInputValidator.ValidateNote(note);
        note = string.IsNullOrEmpty(note) ? null : note;
        if (note == current.Note)
        {
            return null;
        }

        var history = current.Note is null
            ? current.NoteHistory
            : [.. current.NoteHistory.Prepend(current.Note).Take(historyLength)];
        return current with { Note = note, NoteHistory = history };
    }

    /// <summary>With a manual state set at <paramref name="now"/>, for <paramref name="expiresAfter"/> or until cleared.</summary>
    /// <exception cref="Errors.InvalidInputException">The state or its duration is not allowed.</exception>
    public static PresenceRecord WithManualState(PresenceRecord current, ManualState manualState, TimeSpan? expiresAfter, TimeSpan maxDuration, DateTimeOffset now)
    {
        PresenceInputValidator.ValidateManualState(manualState, expiresAfter, maxDuration);
        return current with { Manual = new ManualStateRecord(manualState, now, now + expiresAfter) };
    }

    /// <summary>Without a manual state.</summary>
    public static PresenceRecord? WithoutManualState(PresenceRecord current) => current.Manual is null ? null : current with { Manual = null };

    /// <summary>With <paramref name="location"/>.</summary>
    /// <exception cref="Errors.InvalidInputException">The location is too long.</exception>
    public static PresenceRecord? WithLocation(PresenceRecord current, string? location)
    {
        PresenceInputValidator.ValidateLocation(location);
        location = string.IsNullOrEmpty(location) ? null : location;
        return location == current.Location ? null : current with { Location = location };
    }

    /// <summary>With <paramref name="card"/>.</summary>
    /// <exception cref="Errors.InvalidInputException">A field is too long or malformed.</exception>
    public static PresenceRecord? WithCard(PresenceRecord current, ContactCard card)
    {
        PresenceInputValidator.Validate(card);
        return card == current.Card ? null : current with { Card = card };
    }

    /// <summary>With <paramref name="note"/> as the out-of-office note.</summary>
    /// <exception cref="Errors.InvalidInputException">The note is too long or its window is reversed.</exception>
    public static PresenceRecord? WithOofNote(PresenceRecord current, OofNote? note)
    {
        PresenceInputValidator.Validate(note);
        return note == current.OofNote ? null : current with { OofNote = note };
    }

    /// <summary>With a calendar state published at <paramref name="now"/>.</summary>
    /// <exception cref="Errors.InvalidInputException">The state is malformed.</exception>
    public static PresenceRecord? WithCalendarState(PresenceRecord current, CalendarState? calendarState, DateTimeOffset now)
    {
        PresenceInputValidator.Validate(calendarState);
        return calendarState == current.Calendar?.State
            ? null
            : current with { Calendar = calendarState is null ? null : new CalendarStateRecord(calendarState, now) };
    }

    /// <summary>With a schedule published at <paramref name="now"/>; the same items again are no change.</summary>
    /// <exception cref="Errors.InvalidInputException">The schedule is malformed or too long.</exception>
    public static PresenceRecord? WithSchedule(PresenceRecord current, CalendarSchedule? schedule, DateTimeOffset now)
    {
        PresenceInputValidator.Validate(schedule);
        return (schedule is null ? current.Schedule is null : schedule.HasSameItemsAs(current.Schedule?.Schedule))
            ? null
            : current with { Schedule = schedule is null ? null : new CalendarScheduleRecord(schedule, now) };
    }

    /// <summary>With free/busy and working hours.</summary>
    /// <exception cref="Errors.InvalidInputException">The data is malformed.</exception>
    public static PresenceRecord? WithCalendarData(PresenceRecord current, CalendarData? data)
    {
        PresenceInputValidator.Validate(data);
        return data == current.CalendarData ? null : current with { CalendarData = data };
    }
}
