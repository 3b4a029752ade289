namespace PresenceCluster.Presence;

/// <summary>
/// Lync-style presence aggregation (README "How it works") as a pure function of the stored state, the endpoints and the
/// current time. Idle decay and expiries are computed from timestamps rather than stored, so the answer is right at
/// any instant and tests need only move a clock.
/// </summary>
public static class PresenceAggregator
{
    /// <summary>A state source competing for the aggregate: its availability, activity and publication time.</summary>
    private readonly record struct Candidate(int Availability, string? Activity, DateTimeOffset PublishedAt, bool IsMachine = false);

    /// <summary>Aggregates at <paramref name="now"/>.</summary>
    public static AggregatedPresence Aggregate(
        PresenceRecord record,
        IReadOnlyCollection<EndpointRecord> endpoints,
        DateTimeOffset now,
        PresenceTimings timings)
    {
        var next = new NextChange(now);
        var oofNote = ActiveOofNote(record.OofNote, now, next);
        var calendar = ActiveCalendarState(record.Calendar, now, next);
        var scheduled = ScheduledCalendarStates(record.Schedule, now, next);
        var manual = ActiveManualState(record.Manual, now, next);

        var candidates = new List<Candidate>(endpoints.Count + 3);
        EndpointRecord? winner = null;
        MachineStateAt winnerState = default;
        DateTimeOffset? lastActive = null;
        var live = 0;
        foreach (var endpoint in endpoints)
        {
            var expiresAt = endpoint.ExpiresAt(timings.EndpointTimeout);
            if (expiresAt <= now)
            {
                continue;
            }

            live++;
            next.Consider(expiresAt);
            var state = MachineStateAt.Compute(endpoint, now, timings, next);
            if (winner is null || state.Rank < winnerState.Rank || (state.Rank == winnerState.Rank && state.Since > winnerState.Since))
            {
                winner = endpoint;
                winnerState = state;
            }

            if (endpoint.MachineState == MachineState.Active && (lastActive is null || endpoint.MachineReportedAt > lastActive))
            {
                lastActive = endpoint.MachineReportedAt;
            }

            if (PhoneCandidate(endpoint) is { } phone)
            {
                candidates.Add(phone);
            }
        }

        if (winner is null)
        {
            // No endpoint is signed in: the user is Offline whatever else is published (the OOF note still shows).
            return new AggregatedPresence
            {
                Availability = LyncAvailability.Offline,
                OofNote = oofNote,
                ManualState = manual?.State,
                NextChangeAt = next.Earliest,
            };
        }

        candidates.Add(new Candidate(winnerState.Availability, null, winnerState.Since, IsMachine: true));
        if (calendar is not null)
        {
            candidates.Add(CalendarCandidate(calendar));
        }

        foreach (var item in scheduled)
        {
            candidates.Add(CalendarCandidate(item));
        }

        var meeting = calendar is { State.Kind: CalendarStateKind.InMeeting } ? calendar : scheduled.FirstOrDefault(s => s.State.Kind == CalendarStateKind.InMeeting);

        var availability = AggregateAvailability(manual, candidates, winnerState);
        var activity = ChooseActivity(availability, manual, candidates);
        return new AggregatedPresence
        {
            Availability = availability,
            Activity = activity,
            DeviceClass = winner.DeviceClass,
            LastActive = lastActive,
            Meeting = meeting is null
                ? null
                : new MeetingDetails { Subject = meeting.State.Subject, Location = meeting.State.Location, Start = meeting.State.Start, End = meeting.State.End },
            OofNote = oofNote,
            ManualState = manual?.State,
            LiveEndpoints = live,
            NextChangeAt = next.Earliest,
        };
    }

    /// <summary>
    /// A manual state that is the most recent publication wins; otherwise the least available of the manual state
    /// and every device, phone or calendar state published after it.
    /// </summary>
    private static int AggregateAvailability(ManualStateRecord? manual, List<Candidate> candidates, MachineStateAt machine)
    {
        var availability = -1;
        var machineCounted = manual is null;
        if (manual is not null)
        {
            availability = ManualAvailability(manual.State);
        }

        foreach (var candidate in candidates)
        {
            if (manual is null || candidate.PublishedAt > manual.SetAt)
            {
                availability = Math.Max(availability, candidate.Availability);
                machineCounted |= candidate.IsMachine;
            }
        }

        // Busy from a call, meeting or manual state while the devices are idle reads as Busy-idle (7500), just as
        // Available becomes Available-idle through the machine state itself.
        if (machineCounted && machine.Rank > 0 && availability is >= 6000 and < 7500)
        {
            availability = LyncAvailability.BusyIdle;
        }

        return availability;
    }

    /// <summary>Drop activities whose bounds exclude the aggregate; the highest minimum wins, ties to the latest.</summary>
    private static string? ChooseActivity(int availability, ManualStateRecord? manual, List<Candidate> candidates)
    {
        if (availability >= 18000)
        {
            return null;
        }

        string? best = null;
        var bestMin = int.MinValue;
        var bestAt = DateTimeOffset.MinValue;
        void Consider(string? activity, DateTimeOffset at)
        {
            if (activity is null)
            {
                return;
            }

            var (min, max) = ActivityBounds(activity);
            if (availability < min || availability > max)
            {
                return;
            }

            if (min > bestMin || (min == bestMin && at > bestAt))
            {
                best = activity;
                bestMin = min;
                bestAt = at;
            }
        }

        if (manual is not null)
        {
            Consider(manual.State == ManualState.OffWork ? ActivityToken.OffWork : null, manual.SetAt);
        }

        foreach (var candidate in candidates)
        {
            Consider(candidate.Activity, candidate.PublishedAt);
        }

        return best;
    }

    /// <summary>The availability range in which each activity token may show (our choice within the reference's ranges).</summary>
    internal static (int Min, int Max) ActivityBounds(string activity) => activity switch
    {
        ActivityToken.OnThePhone or ActivityToken.InAConference or ActivityToken.InAMeeting => (6000, 8999),
        ActivityToken.InPresentation or ActivityToken.UrgentInterruptionsOnly => (6000, 11999),
        ActivityToken.OffWork => (15000, 17999),
        ActivityToken.OutOfOffice => (0, 17999),
        _ => (0, 17999),
    };

    internal static int ManualAvailability(ManualState state) => state switch
    {
        ManualState.Available => LyncAvailability.Available,
        ManualState.Busy => LyncAvailability.Busy,
        ManualState.DoNotDisturb => LyncAvailability.DoNotDisturb,
        ManualState.BeRightBack => LyncAvailability.BeRightBack,
        ManualState.Away or ManualState.OffWork => LyncAvailability.Away,
        ManualState.AppearOffline => LyncAvailability.Offline,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown manual state."),
    };

    private static Candidate? PhoneCandidate(EndpointRecord endpoint) => endpoint.PhoneState switch
    {
        PhoneState.OnCall => new Candidate(LyncAvailability.Busy, ActivityToken.OnThePhone, endpoint.PhoneChangedAt),
        PhoneState.InConference => new Candidate(LyncAvailability.Busy, ActivityToken.InAConference, endpoint.PhoneChangedAt),
        PhoneState.Presenting => new Candidate(LyncAvailability.DoNotDisturb, ActivityToken.InPresentation, endpoint.PhoneChangedAt),
        _ => null,
    };

    private static Candidate CalendarCandidate(CalendarStateRecord calendar)
    {
        // A calendar state takes effect at its start, or when it was published if that came later.
        var effective = calendar.PublishedAt > calendar.State.Start ? calendar.PublishedAt : calendar.State.Start;
        return calendar.State.Kind == CalendarStateKind.InMeeting
            ? new Candidate(LyncAvailability.Busy, ActivityToken.InAMeeting, effective)
            : new Candidate(LyncAvailability.Available, ActivityToken.OutOfOffice, effective);
    }

    private static ManualStateRecord? ActiveManualState(ManualStateRecord? manual, DateTimeOffset now, NextChange next)
    {
        if (manual?.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= now)
            {
                return null;
            }

            next.Consider(expiresAt);
        }

        return manual;
    }

    private static CalendarStateRecord? ActiveCalendarState(CalendarStateRecord? calendar, DateTimeOffset now, NextChange next)
    {
        if (calendar is null || calendar.State.End <= now)
        {
            return null;
        }

        next.Consider(calendar.State.End);
        if (calendar.State.Start > now)
        {
            next.Consider(calendar.State.Start);
            return null;
        }

        return calendar;
    }

    /// <summary>
    /// The schedule's items in effect at <paramref name="now"/> as calendar states: Busy items as In a meeting (the
    /// latest started first, whose details show), Out-of-office items as Out of office; tentative, working-elsewhere
    /// and free items change nothing. Every later start and end is a step the grain wakes up for.
    /// </summary>
    private static List<CalendarStateRecord> ScheduledCalendarStates(CalendarScheduleRecord? schedule, DateTimeOffset now, NextChange next)
    {
        var active = new List<CalendarStateRecord>();
        if (schedule is null)
        {
            return active;
        }

        foreach (var item in schedule.Schedule.Items)
        {
            if (item.Status is not (FreeBusyStatus.Busy or FreeBusyStatus.OutOfOffice) || item.End <= now)
            {
                continue;
            }

            next.Consider(item.End);
            if (item.Start > now)
            {
                next.Consider(item.Start);
                continue;
            }

            var kind = item.Status == FreeBusyStatus.Busy ? CalendarStateKind.InMeeting : CalendarStateKind.OutOfOffice;
            active.Add(new CalendarStateRecord(
                new CalendarState { Kind = kind, Start = item.Start, End = item.End, Subject = item.Subject, Location = item.Location },
                schedule.PublishedAt));
        }

        active.Sort((a, b) => b.State.Start.CompareTo(a.State.Start));
        return active;
    }

    private static OofNote? ActiveOofNote(OofNote? note, DateTimeOffset now, NextChange next)
    {
        if (note is null || note.End <= now)
        {
            return null;
        }

        if (note.End is { } end)
        {
            next.Consider(end);
        }

        if (note.Start > now)
        {
            next.Consider(note.Start.Value);
            return null;
        }

        return note;
    }

    /// <summary>One endpoint's machine state at an instant, after idle decay, and since when it holds.</summary>
    private readonly record struct MachineStateAt(int Rank, int Availability, DateTimeOffset Since)
    {
        public static MachineStateAt Compute(EndpointRecord endpoint, DateTimeOffset now, PresenceTimings timings, NextChange next)
        {
            var reported = endpoint.MachineReportedAt;
            var inactiveAt = endpoint.MachineState switch
            {
                MachineState.Active => reported + timings.InactiveAfter,
                MachineState.Inactive => reported,
                _ => DateTimeOffset.MinValue,
            };
            var awayAt = endpoint.MachineState == MachineState.Away ? reported : inactiveAt + timings.AwayAfter;

            if (endpoint.MachineState == MachineState.Active && now < inactiveAt)
            {
                next.Consider(inactiveAt);
                return new MachineStateAt(0, LyncAvailability.Available, reported);
            }

            if (endpoint.MachineState != MachineState.Away && now < awayAt)
            {
                next.Consider(awayAt);
                return new MachineStateAt(1, LyncAvailability.AvailableIdle, inactiveAt);
            }

            return new MachineStateAt(2, LyncAvailability.Away, awayAt);
        }
    }

    /// <summary>Collects the earliest future instant at which the aggregate may change.</summary>
    private sealed class NextChange(DateTimeOffset now)
    {
        public DateTimeOffset? Earliest { get; private set; }

        public void Consider(DateTimeOffset at)
        {
            if (at > now && (Earliest is null || at < Earliest))
            {
                Earliest = at;
            }
        }
    }
}
