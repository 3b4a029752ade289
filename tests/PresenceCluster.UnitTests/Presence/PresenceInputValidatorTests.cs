using PresenceCluster.Errors;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

public sealed class PresenceInputValidatorTests
{
    public static TheoryData<string, Action, string> Invalid() => new()
    {
        { "Publication_Null", () => PresenceInputValidator.Validate((EndpointPublication?)null), "publication" },
        { "EndpointId_Empty", () => PresenceInputValidator.ValidateEndpointId(""), "endpointId" },
        { "EndpointId_TooLong", () => PresenceInputValidator.ValidateEndpointId(new string('a', 65)), "endpointId" },
        { "EndpointId_BadCharacter", () => PresenceInputValidator.ValidateEndpointId("pc 1"), "endpointId" },
        { "DeviceClass_Undefined", () => PresenceInputValidator.Validate(new EndpointPublication { EndpointId = "pc", DeviceClass = (DeviceClass)9 }), "DeviceClass" },
        { "Lifetime_TooShort", () => PresenceInputValidator.Validate(new EndpointPublication { EndpointId = "pc", Lifetime = TimeSpan.FromSeconds(30) }), "publication.Lifetime" },
        { "Lifetime_TooLong", () => PresenceInputValidator.Validate(new EndpointPublication { EndpointId = "pc", Lifetime = TimeSpan.FromDays(2) }), "publication.Lifetime" },
        { "MachineState_Undefined", () => PresenceInputValidator.Validate(new EndpointPublication { EndpointId = "pc", MachineState = (MachineState)9 }), "MachineState" },
        { "ManualState_Undefined", () => PresenceInputValidator.ValidateManualState((ManualState)42, null, TimeSpan.FromDays(1)), "state" },
        { "Expiry_OnAvailable", () => PresenceInputValidator.ValidateManualState(ManualState.Available, TimeSpan.FromHours(1), TimeSpan.FromDays(1)), "expiresAfter" },
        { "Expiry_Negative", () => PresenceInputValidator.ValidateManualState(ManualState.Busy, TimeSpan.FromHours(-1), TimeSpan.FromDays(1)), "expiresAfter" },
        { "Expiry_BeyondMaximum", () => PresenceInputValidator.ValidateManualState(ManualState.DoNotDisturb, TimeSpan.FromDays(2), TimeSpan.FromDays(1)), "expiresAfter" },
        { "Note_TooLong", () => PresenceInputValidator.ValidateNote(new string('n', 513)), "note" },
        { "Location_TooLong", () => PresenceInputValidator.ValidateLocation(new string('l', 257)), "location" },
        { "Note_Nul", () => PresenceInputValidator.ValidateNote("in\0side"), "note" },
        { "Note_BidiOverride", () => PresenceInputValidator.ValidateNote("invoice\u202Egpj.exe"), "note" },
        { "Note_LoneSurrogate", () => PresenceInputValidator.ValidateNote("a" + (char)0xD83D), "note" },
        { "Location_Escape", () => PresenceInputValidator.ValidateLocation("\u001b[2J"), "location" },
        { "Card_DisplayNameControl", () => PresenceInputValidator.Validate(new ContactCard { DisplayName = "Bob\u0007" }), "card.DisplayName" },
        { "OofNote_Nul", () => PresenceInputValidator.Validate(new OofNote { Text = "Away\0" }), "oofNote.Text" },
        { "Calendar_SubjectIsolate", () => PresenceInputValidator.Validate(new CalendarState { Subject = "a\u2067b", End = DateTimeOffset.UnixEpoch.AddHours(1) }), "calendarState.Subject" },
        { "Card_Null", () => PresenceInputValidator.Validate((ContactCard?)null), "card" },
        { "Card_BadEmail", () => PresenceInputValidator.Validate(new ContactCard { Email = "alice" }), "card.Email" },
        { "Card_RelativePhotoUrl", () => PresenceInputValidator.Validate(new ContactCard { PhotoUrl = "/alice.png" }), "card.PhotoUrl" },
        { "Card_FtpPhotoUrl", () => PresenceInputValidator.Validate(new ContactCard { PhotoUrl = "ftp://contoso.com/a.png" }), "card.PhotoUrl" },
        { "OofNote_Empty", () => PresenceInputValidator.Validate(new OofNote { Text = " " }), "oofNote.Text" },
        { "OofNote_EndBeforeStart", () => PresenceInputValidator.Validate(new OofNote { Text = "x", Start = DateTimeOffset.UnixEpoch.AddDays(1), End = DateTimeOffset.UnixEpoch }), "oofNote.End" },
        { "Calendar_EndBeforeStart", () => PresenceInputValidator.Validate(new CalendarState { Start = DateTimeOffset.UnixEpoch.AddHours(1), End = DateTimeOffset.UnixEpoch }), "calendarState.End" },
        { "Calendar_UndefinedKind", () => PresenceInputValidator.Validate(new CalendarState { Kind = (CalendarStateKind)5, End = DateTimeOffset.UnixEpoch.AddHours(1) }), "calendarState.Kind" },
        { "FreeBusy_BadSlot", () => PresenceInputValidator.Validate(new CalendarData { FreeBusy = "0125" }), "calendarData.FreeBusy" },
        { "FreeBusy_TooManySlots", () => PresenceInputValidator.Validate(new CalendarData { FreeBusy = new string('0', CalendarData.MaxSlots + 1) }), "calendarData.FreeBusy" },
        { "WorkingHours_EndBeforeStart", () => PresenceInputValidator.Validate(new CalendarData { WorkingHours = new WorkingHours { Start = new TimeOnly(17, 0), End = new TimeOnly(9, 0), TimeZone = "UTC" } }), "calendarData.WorkingHours.End" },
        { "WorkingHours_NoTimeZone", () => PresenceInputValidator.Validate(new CalendarData { WorkingHours = new WorkingHours { Start = new TimeOnly(9, 0), End = new TimeOnly(17, 0), TimeZone = "" } }), "calendarData.WorkingHours.TimeZone" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidInput_ThrowsNamingTheArgument(string name, Action validate, string parameter)
    {
        var error = Assert.Throws<InvalidInputException>(validate);

        Assert.Equal(parameter, error.Parameter);
        Assert.StartsWith(parameter + " ", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    [Fact]
    public void Validate_ValidInput_Passes()
    {
        PresenceInputValidator.Validate(new EndpointPublication { EndpointId = "desk-pc:01_a.b", DeviceClass = DeviceClass.DeskPhone, PhoneState = PhoneState.OnCall });
        PresenceInputValidator.ValidateManualState(ManualState.Busy, TimeSpan.FromHours(1), TimeSpan.FromDays(1));
        PresenceInputValidator.ValidateNote(new string('n', 512));
        PresenceInputValidator.Validate(new ContactCard { Email = "alice@contoso.com", PhotoUrl = "https://contoso.com/a.png" });
        PresenceInputValidator.Validate(new CalendarData { FreeBusy = "01234" });
    }
}
