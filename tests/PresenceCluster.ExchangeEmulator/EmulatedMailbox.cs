namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// One mailbox the emulator serves: calendar items and automatic replies, changed by tests while it runs; a change of
/// the calendar is told to <paramref name="changed"/> (with Graph's change type), which notifies its subscriptions.
/// </summary>
public sealed class EmulatedMailbox(string address, Action<string>? changed = null)
{
    private readonly object _gate = new();
    private List<EmulatedEvent> _events = [];
    private EmulatedAutomaticReplies _replies = new("disabled", null, null, null);

    /// <summary>The SMTP address.</summary>
    public string Address { get; } = address;

    /// <summary>The calendar.</summary>
    public IReadOnlyList<EmulatedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events;
            }
        }
    }

    /// <summary>The automatic-replies setting.</summary>
    public EmulatedAutomaticReplies AutomaticReplies
    {
        get
        {
            lock (_gate)
            {
                return _replies;
            }
        }

        set
        {
            lock (_gate)
            {
                _replies = value;
            }
        }
    }

    /// <summary>Adds a calendar item.</summary>
    public void Add(EmulatedEvent item)
    {
        lock (_gate)
        {
            _events = [.. _events, item];
        }

        changed?.Invoke("created");
    }

    /// <summary>
    /// Exchange's merged free/busy of 15-minute slots between two instants: per slot the strongest overlapping item
    /// (3 out of office, 2 busy, 1 tentative, 4 working elsewhere, 0 free).
    /// </summary>
    public string MergedFreeBusy(DateTimeOffset start, DateTimeOffset end)
    {
        var slots = new System.Text.StringBuilder();
        for (var slot = start; slot < end; slot += TimeSpan.FromMinutes(15))
        {
            var overlapping = Events.Where(e => e.Start < slot + TimeSpan.FromMinutes(15) && e.End > slot).Select(e => e.Status).ToList();
            slots.Append(overlapping.Contains("oof") ? '3' : overlapping.Contains("busy") ? '2' : overlapping.Contains("tentative") ? '1' : overlapping.Contains("workingElsewhere") ? '4' : '0');
        }

        return slots.ToString();
    }

    /// <summary>Removes every calendar item.</summary>
    public void Clear()
    {
        bool hadEvents;
        lock (_gate)
        {
            hadEvents = _events.Count > 0;
            _events = [];
        }

        if (hadEvents)
        {
            changed?.Invoke("deleted");
        }
    }
}

/// <summary>A calendar item: Graph's <c>scheduleItem</c> (status free, tentative, busy, oof, workingElsewhere).</summary>
public sealed record class EmulatedEvent(DateTimeOffset Start, DateTimeOffset End, string Status, string? Subject = null, string? Location = null);

/// <summary>Graph's <c>automaticRepliesSetting</c>: status disabled, alwaysEnabled or scheduled.</summary>
public sealed record class EmulatedAutomaticReplies(string Status, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd, string? InternalReplyMessage);
