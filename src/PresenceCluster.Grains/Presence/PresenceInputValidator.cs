using PresenceCluster.Errors;
using PresenceCluster.Validation;

namespace PresenceCluster.Presence;

/// <summary>
/// Checks what callers publish before anything changes; each failure is an <see cref="InvalidInputException"/>
/// naming the argument, what was wrong and what is allowed.
/// </summary>
public static class PresenceInputValidator
{
    /// <summary>The longest personal note, in characters.</summary>
    public const int MaxNoteLength = 512;

    /// <summary>The longest location, card field, meeting subject or meeting location, in characters.</summary>
    public const int MaxFieldLength = 256;

    /// <summary>The longest OOF note, in characters.</summary>
    public const int MaxOofNoteLength = 2048;

    /// <summary>Checks an endpoint publication.</summary>
    public static void Validate(EndpointPublication? publication)
    {
        if (publication is null)
        {
            throw new InvalidInputException("publication", "is missing");
        }

        ValidateEndpointId(publication.EndpointId);
        Defined(nameof(publication.DeviceClass), publication.DeviceClass);
        Defined(nameof(publication.MachineState), publication.MachineState);
        Defined(nameof(publication.PhoneState), publication.PhoneState);
        if (publication.Lifetime is { } lifetime && (lifetime < TimeSpan.FromMinutes(1) || lifetime > TimeSpan.FromDays(1)))
        {
            throw new InvalidInputException("publication.Lifetime", $"is {lifetime}; it must be between 00:01:00 and 1.00:00:00, or none for the silos' endpoint timeout");
        }
    }

    /// <summary>Checks an endpoint id: 1–64 characters of letters, digits, '-', '_', '.' or ':'.</summary>
    public static void ValidateEndpointId(string? endpointId)
    {
        if (string.IsNullOrEmpty(endpointId) || endpointId.Length > EndpointPublication.MaxEndpointIdLength)
        {
            throw new InvalidInputException("endpointId", $"must be 1–{EndpointPublication.MaxEndpointIdLength} characters long");
        }

        foreach (var c in endpointId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                throw new InvalidInputException("endpointId", $"'{endpointId}' holds '{c}'; allowed are letters, digits, '-', '_', '.' and ':'");
            }
        }
    }

    /// <summary>Checks a manual state and its optional expiry.</summary>
    public static void ValidateManualState(ManualState state, TimeSpan? expiresAfter, TimeSpan maxDuration)
    {
        Defined("state", state);
        if (expiresAfter is not { } duration)
        {
            return;
        }

        if (state is not (ManualState.Busy or ManualState.DoNotDisturb))
        {
            throw new InvalidInputException("expiresAfter", $"is only allowed with Busy or DoNotDisturb, not with {state}");
        }

        if (duration <= TimeSpan.Zero || duration > maxDuration)
        {
            throw new InvalidInputException("expiresAfter", $"is {duration}; it must be more than zero and at most {maxDuration}");
        }
    }

    /// <summary>Checks a personal note (null or empty clears it).</summary>
    public static void ValidateNote(string? note) => Length("note", note, MaxNoteLength);

    /// <summary>Checks a location (null or empty clears it).</summary>
    public static void ValidateLocation(string? location) => Length("location", location, MaxFieldLength);

    /// <summary>Checks a contact card.</summary>
    public static void Validate(ContactCard? card)
    {
        if (card is null)
        {
            throw new InvalidInputException("card", "is missing; send an empty card to clear it");
        }

        Length("card.DisplayName", card.DisplayName, MaxFieldLength);
        Length("card.Title", card.Title, MaxFieldLength);
        Length("card.Company", card.Company, MaxFieldLength);
        Length("card.Email", card.Email, MaxFieldLength);
        Length("card.PhotoUrl", card.PhotoUrl, MaxFieldLength);
        Length("card.WorkPhone", card.WorkPhone, MaxFieldLength);
        Length("card.MobilePhone", card.MobilePhone, MaxFieldLength);
        Length("card.HomePhone", card.HomePhone, MaxFieldLength);
        Length("card.OtherPhone", card.OtherPhone, MaxFieldLength);
        if (!string.IsNullOrEmpty(card.Email) && (card.Email.IndexOf('@', StringComparison.Ordinal) is <= 0 || card.Email.EndsWith('@')))
        {
            throw new InvalidInputException("card.Email", $"'{card.Email}' is not an e-mail address such as 'alice@contoso.com'");
        }

        if (!string.IsNullOrEmpty(card.PhotoUrl)
            && (!Uri.TryCreate(card.PhotoUrl, UriKind.Absolute, out var photo) || (photo.Scheme != Uri.UriSchemeHttps && photo.Scheme != Uri.UriSchemeHttp)))
        {
            throw new InvalidInputException("card.PhotoUrl", $"'{card.PhotoUrl}' is not an absolute http or https URL");
        }
    }

    /// <summary>Checks an OOF note (null clears it).</summary>
    public static void Validate(OofNote? note)
    {
        if (note is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(note.Text) || note.Text.Length > MaxOofNoteLength)
        {
            throw new InvalidInputException("oofNote.Text", $"must be 1–{MaxOofNoteLength} characters long");
        }

        // An automatic reply is a letter: it may have lines.
        FreeText.ThrowIfInvalid("oofNote.Text", note.Text, multiline: true);

        if (note.Start is { } start && note.End is { } end && end <= start)
        {
            throw new InvalidInputException("oofNote.End", $"({end:O}) must be after Start ({start:O})");
        }
    }

    /// <summary>Checks a calendar state (null clears it).</summary>
    public static void Validate(CalendarState? state)
    {
        if (state is null)
        {
            return;
        }

        Defined("calendarState.Kind", state.Kind);
        if (state.End <= state.Start)
        {
            throw new InvalidInputException("calendarState.End", $"({state.End:O}) must be after Start ({state.Start:O})");
        }

        Length("calendarState.Subject", state.Subject, MaxFieldLength);
        Length("calendarState.Location", state.Location, MaxFieldLength);
    }

    /// <summary>Checks a calendar schedule (null clears it).</summary>
    public static void Validate(CalendarSchedule? schedule)
    {
        if (schedule is null)
        {
            return;
        }

        if (schedule.Items is null || schedule.Items.Count > CalendarSchedule.MaxItems)
        {
            throw new InvalidInputException("schedule.Items", $"must hold at most {CalendarSchedule.MaxItems} items");
        }

        for (var i = 0; i < schedule.Items.Count; i++)
        {
            var item = schedule.Items[i] ?? throw new InvalidInputException($"schedule.Items[{i}]", "is missing");
            Defined($"schedule.Items[{i}].Status", item.Status);
            if (item.End <= item.Start)
            {
                throw new InvalidInputException($"schedule.Items[{i}].End", $"({item.End:O}) must be after Start ({item.Start:O})");
            }

            Length($"schedule.Items[{i}].Subject", item.Subject, MaxFieldLength);
            Length($"schedule.Items[{i}].Location", item.Location, MaxFieldLength);
        }
    }

    /// <summary>Checks calendar data (null clears it).</summary>
    public static void Validate(CalendarData? data)
    {
        if (data is null)
        {
            return;
        }

        if (data.FreeBusy is null || data.FreeBusy.Length > CalendarData.MaxSlots)
        {
            throw new InvalidInputException("calendarData.FreeBusy", $"must hold at most {CalendarData.MaxSlots} slots");
        }

        foreach (var c in data.FreeBusy)
        {
            if (c is < '0' or > '4')
            {
                throw new InvalidInputException("calendarData.FreeBusy", $"holds '{c}'; each slot must be one of '0' (free), '1' (tentative), '2' (busy), '3' (out of office), '4' (elsewhere)");
            }
        }

        if (data.WorkingHours is { } hours)
        {
            if (hours.End <= hours.Start)
            {
                throw new InvalidInputException("calendarData.WorkingHours.End", $"({hours.End}) must be after Start ({hours.Start})");
            }

            if (hours.Days is < WorkDays.None or > (WorkDays)127)
            {
                throw new InvalidInputException("calendarData.WorkingHours.Days", $"is {(int)hours.Days}; it must be a combination of the seven days");
            }

            if (string.IsNullOrWhiteSpace(hours.TimeZone) || hours.TimeZone.Length > 64)
            {
                throw new InvalidInputException("calendarData.WorkingHours.TimeZone", "must be a time-zone id of 1–64 characters");
            }
        }
    }

    private static void Length(string parameter, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw new InvalidInputException(parameter, $"is {value.Length} characters long; at most {max} are allowed");
        }

        FreeText.ThrowIfInvalid(parameter, value);
    }

    private static void Defined<TEnum>(string parameter, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new InvalidInputException(parameter, $"is {value}; allowed are {string.Join(", ", Enum.GetNames<TEnum>())}");
        }
    }
}
