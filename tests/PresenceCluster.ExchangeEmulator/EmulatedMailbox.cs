namespace PresenceCluster.ExchangeEmulator;

/// <summary>One mailbox the emulator serves: calendar items and automatic replies, changed by tests while it runs.</summary>
public sealed class EmulatedMailbox(string address)
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
    }

    /// <summary>Removes every calendar item.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _events = [];
        }
    }
}

/// <summary>A calendar item: Graph's <c>scheduleItem</c> (status free, tentative, busy, oof, workingElsewhere).</summary>
public sealed record class EmulatedEvent(DateTimeOffset Start, DateTimeOffset End, string Status, string? Subject = null, string? Location = null);

/// <summary>Graph's <c>automaticRepliesSetting</c>: status disabled, alwaysEnabled or scheduled.</summary>
public sealed record class EmulatedAutomaticReplies(string Status, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd, string? InternalReplyMessage);
