using PresenceCluster.Presence;
using PresenceCluster.Privacy;
using PresenceCluster.Query;

namespace PresenceCluster.Benchmarks;

/// <summary>Typical users for the micro benchmarks: three endpoints, a manual state, a note, a card, a calendar.</summary>
public static class SampleData
{
    public static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    public static readonly PresenceTimings Timings = PresenceTimings.From(new PresenceOptions());

    public static PresenceRecord Record(int i) => new()
    {
        Manual = new ManualStateRecord(ManualState.Busy, Now.AddMinutes(-3), null),
        Note = $"Working on item {i}",
        NoteHistory = ["Earlier", "Before that"],
        Location = "Building 4",
        Card = new ContactCard { DisplayName = $"User {i}", Email = $"user{i}@contoso.com", Title = "Engineer", Company = "Contoso", WorkPhone = "+1 425 555 0100", MobilePhone = "+1 425 555 0101" },
        CalendarData = new CalendarData { FreeBusyStart = Now.Date, FreeBusy = new string('0', 96) },
    };

    public static EndpointRecord[] Endpoints() =>
    [
        new() { Id = "pc", DeviceClass = DeviceClass.Computer, MachineState = MachineState.Active, MachineReportedAt = Now.AddMinutes(-1), PhoneChangedAt = Now.AddMinutes(-1), LastHeartbeat = Now.AddMinutes(-1) },
        new() { Id = "phone", DeviceClass = DeviceClass.Mobile, MachineState = MachineState.Away, MachineReportedAt = Now.AddMinutes(-20), PhoneChangedAt = Now.AddMinutes(-20), LastHeartbeat = Now.AddMinutes(-2) },
        new() { Id = "desk", DeviceClass = DeviceClass.DeskPhone, MachineState = MachineState.Active, MachineReportedAt = Now.AddMinutes(-2), PhoneState = PhoneState.OnCall, PhoneChangedAt = Now.AddMinutes(-2), LastHeartbeat = Now.AddMinutes(-2) },
    ];

    /// <summary>A user's index entry with a privacy policy of <paramref name="contacts"/> contacts.</summary>
    public static PresenceIndexEntry Entry(int i, int contacts)
    {
        var target = $"sip:user{i}@contoso.com";
        var presence = PresenceAggregator.Aggregate(Record(i), Endpoints(), Now, Timings);
        var views = PrivacyFilter.Audiences.Select(a => PrivacyFilter.Build(target, i, presence, Record(i), a)).ToArray();
        var policy = new PrivacyPolicy(
            Enumerable.Range(0, contacts).ToDictionary(c => $"sip:user{(i + c + 1) % 100_000}@contoso.com", c => (AccessLevel?)(AccessLevel)(c % 5), StringComparer.Ordinal),
            privacyMode: false,
            version: 1);
        return new PresenceIndexEntry(target, i, views, policy, Now.AddMinutes(5));
    }
}
