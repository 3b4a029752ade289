using System.Buffers;
using System.Text;

namespace PresenceCluster.Presence;

/// <summary>
/// A compact binary form of <see cref="PresenceView"/> for the batch path: presence flags, varints, UTF-8 strings,
/// no field headers and no reference tracking. A silo encodes each audience's view once per change and sends the
/// bytes as they are; the SDK decodes them. Version 1; a reader refuses any other version.
/// </summary>
public static class PresenceViewEncoding
{
    /// <summary>The format version written first.</summary>
    public const byte Version = 1;

    [Flags]
    private enum Present : ushort
    {
        None = 0,
        Activity = 1 << 0,
        DeviceClass = 1 << 1,
        LastActive = 1 << 2,
        Note = 1 << 3,
        NoteHistory = 1 << 4,
        OofNote = 1 << 5,
        Location = 1 << 6,
        Card = 1 << 7,
        Calendar = 1 << 8,
        Meeting = 1 << 9,
        ManualState = 1 << 10,
    }

    /// <summary>The bytes of <paramref name="view"/>.</summary>
    public static byte[] Encode(PresenceView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var output = new ArrayBufferWriter<byte>(64 + (view.Target.Length * 2));
        Encode(view, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="view"/> to <paramref name="output"/>.</summary>
    public static void Encode(PresenceView view, IBufferWriter<byte> output)
    {
        var present = (view.Activity is null ? 0 : Present.Activity)
            | (view.DeviceClass is null ? 0 : Present.DeviceClass)
            | (view.LastActive is null ? 0 : Present.LastActive)
            | (view.Note is null ? 0 : Present.Note)
            | (view.NoteHistory is null ? 0 : Present.NoteHistory)
            | (view.OofNote is null ? 0 : Present.OofNote)
            | (view.Location is null ? 0 : Present.Location)
            | (view.Card is null ? 0 : Present.Card)
            | (view.Calendar is null ? 0 : Present.Calendar)
            | (view.Meeting is null ? 0 : Present.Meeting)
            | (view.ManualState is null ? 0 : Present.ManualState);
        var writer = new Writer(output);
        writer.Byte(Version);
        writer.Unsigned((ushort)present);
        writer.String(view.Target);
        writer.Signed(view.Sequence);
        writer.Signed(view.Availability);
        writer.Unsigned((ulong)view.GraphAvailability);
        writer.Unsigned((ulong)view.GraphActivity);
        if (view.Activity is { } activity)
        {
            writer.String(activity);
        }

        if (view.DeviceClass is { } deviceClass)
        {
            writer.Unsigned((ulong)deviceClass);
        }

        if (view.LastActive is { } lastActive)
        {
            writer.Time(lastActive);
        }

        if (view.Note is { } note)
        {
            writer.String(note);
        }

        if (view.NoteHistory is { } history)
        {
            writer.Unsigned((ulong)history.Count);
            foreach (var earlier in history)
            {
                writer.String(earlier);
            }
        }

        if (view.OofNote is { } oof)
        {
            writer.String(oof.Text);
            writer.OptionalTime(oof.Start);
            writer.OptionalTime(oof.End);
        }

        if (view.Location is { } location)
        {
            writer.String(location);
        }

        if (view.Card is { } card)
        {
            writer.String(card.DisplayName);
            writer.String(card.Title);
            writer.String(card.Company);
            writer.String(card.Email);
            writer.String(card.PhotoUrl);
            writer.String(card.WorkPhone);
            writer.String(card.MobilePhone);
            writer.String(card.HomePhone);
            writer.String(card.OtherPhone);
        }

        if (view.Calendar is { } calendar)
        {
            writer.Time(calendar.FreeBusyStart);
            writer.String(calendar.FreeBusy);
            writer.Byte(calendar.WorkingHours is null ? (byte)0 : (byte)1);
            if (calendar.WorkingHours is { } hours)
            {
                writer.Unsigned((ulong)hours.Start.Ticks);
                writer.Unsigned((ulong)hours.End.Ticks);
                writer.Unsigned((ulong)hours.Days);
                writer.String(hours.TimeZone);
            }
        }

        if (view.Meeting is { } meeting)
        {
            writer.String(meeting.Subject);
            writer.String(meeting.Location);
            writer.Time(meeting.Start);
            writer.Time(meeting.End);
        }

        if (view.ManualState is { } manual)
        {
            writer.Unsigned((ulong)manual);
        }
    }

    /// <summary>The view encoded in <paramref name="bytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a view of this version.</exception>
    public static PresenceView Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        try
        {
            if (reader.Byte() != Version)
            {
                throw new FormatException($"Not a presence view of encoding version {Version}.");
            }

            var present = (Present)reader.Unsigned();
            var view = new PresenceView
            {
                Target = reader.String()!,
                Sequence = reader.Signed(),
                Availability = checked((int)reader.Signed()),
                GraphAvailability = (GraphAvailability)reader.Unsigned(),
                GraphActivity = (GraphActivity)reader.Unsigned(),
                Activity = present.HasFlag(Present.Activity) ? reader.String() : null,
                DeviceClass = present.HasFlag(Present.DeviceClass) ? (DeviceClass)reader.Unsigned() : null,
                LastActive = present.HasFlag(Present.LastActive) ? reader.Time() : null,
                Note = present.HasFlag(Present.Note) ? reader.String() : null,
                NoteHistory = present.HasFlag(Present.NoteHistory) ? ReadHistory(ref reader) : null,
                OofNote = present.HasFlag(Present.OofNote) ? new OofNote { Text = reader.String()!, Start = reader.OptionalTime(), End = reader.OptionalTime() } : null,
                Location = present.HasFlag(Present.Location) ? reader.String() : null,
                Card = present.HasFlag(Present.Card) ? ReadCard(ref reader) : null,
                Calendar = present.HasFlag(Present.Calendar) ? ReadCalendar(ref reader) : null,
                Meeting = present.HasFlag(Present.Meeting) ? new MeetingDetails { Subject = reader.String(), Location = reader.String(), Start = reader.Time(), End = reader.Time() } : null,
                ManualState = present.HasFlag(Present.ManualState) ? (ManualState)reader.Unsigned() : null,
            };
            if (!reader.AtEnd || view.Target is null)
            {
                throw new FormatException("The presence view's bytes do not end where the view does.");
            }

            return view;
        }
        catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            throw new FormatException("The presence view's bytes are cut short or corrupt.", exception);
        }
    }

    private static string[] ReadHistory(ref Reader reader)
    {
        var history = new string[checked((int)reader.Unsigned())];
        for (var i = 0; i < history.Length; i++)
        {
            history[i] = reader.String()!;
        }

        return history;
    }

    private static ContactCard ReadCard(ref Reader reader) => new()
    {
        DisplayName = reader.String(),
        Title = reader.String(),
        Company = reader.String(),
        Email = reader.String(),
        PhotoUrl = reader.String(),
        WorkPhone = reader.String(),
        MobilePhone = reader.String(),
        HomePhone = reader.String(),
        OtherPhone = reader.String(),
    };

    private static CalendarData ReadCalendar(ref Reader reader)
    {
        var start = reader.Time();
        var freeBusy = reader.String()!;
        WorkingHours? hours = null;
        if (reader.Byte() == 1)
        {
            hours = new WorkingHours
            {
                Start = new TimeOnly(checked((long)reader.Unsigned())),
                End = new TimeOnly(checked((long)reader.Unsigned())),
                Days = (WorkDays)reader.Unsigned(),
                TimeZone = reader.String()!,
            };
        }

        return new CalendarData { FreeBusyStart = start, FreeBusy = freeBusy, WorkingHours = hours };
    }

    /// <summary>Varints (LEB128, zigzag for signed), strings as varint(UTF-8 length + 1) with 0 for null.</summary>
    private readonly ref struct Writer(IBufferWriter<byte> output)
    {
        public void Byte(byte value)
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }

        public void Unsigned(ulong value)
        {
            var span = output.GetSpan(10);
            var length = 0;
            while (value >= 0x80)
            {
                span[length++] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[length++] = (byte)value;
            output.Advance(length);
        }

        public void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

        public void String(string? value)
        {
            if (value is null)
            {
                Unsigned(0);
                return;
            }

            var length = Encoding.UTF8.GetByteCount(value);
            Unsigned((ulong)length + 1);
            Encoding.UTF8.GetBytes(value, output.GetSpan(length));
            output.Advance(length);
        }

        public void Time(DateTimeOffset value)
        {
            Unsigned((ulong)value.UtcTicks);
            Signed((long)value.Offset.TotalMinutes);
        }

        public void OptionalTime(DateTimeOffset? value)
        {
            Byte(value is null ? (byte)0 : (byte)1);
            if (value is { } time)
            {
                Time(time);
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public byte Byte() => _bytes[_position++];

        public ulong Unsigned()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var next = _bytes[_position++];
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value;
                }
            }

            throw new OverflowException("A varint is longer than 64 bits.");
        }

        public long Signed()
        {
            var value = Unsigned();
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        public string? String()
        {
            var length = Unsigned();
            if (length == 0)
            {
                return null;
            }

            var span = _bytes.Slice(_position, checked((int)(length - 1)));
            _position += span.Length;
            return Encoding.UTF8.GetString(span);
        }

        public DateTimeOffset Time()
        {
            var ticks = checked((long)Unsigned());
            var offset = TimeSpan.FromMinutes(Signed());
            return new DateTimeOffset(ticks + offset.Ticks, offset);
        }

        public DateTimeOffset? OptionalTime() => Byte() == 1 ? Time() : null;
    }
}
