using System.Globalization;
using System.Text.Json.Serialization;
using PresenceCluster.Presence;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Microsoft Graph's <c>presence</c> resource as Graph clients read it: availability and activity by their Graph
/// names, the out-of-office state, a lexicographically sortable sequence number, and the status message (our note).
/// The id is the user's address (<c>alice@contoso.com</c>), where Graph has an object id.
/// </summary>
public sealed record class GraphPresence(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ODataContext,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("availability")] string Availability,
    [property: JsonPropertyName("activity")] string Activity,
    [property: JsonPropertyName("outOfOfficeSettings")] GraphPresence.OutOfOffice OutOfOfficeSettings,
    [property: JsonPropertyName("sequenceNumber")] string SequenceNumber,
    [property: JsonPropertyName("statusMessage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GraphPresence.StatusMessageBody? StatusMessage)
{
    /// <summary><c>{"isOutOfOffice","message"}</c>.</summary>
    public sealed record class OutOfOffice(
        [property: JsonPropertyName("isOutOfOffice")] bool IsOutOfOffice,
        [property: JsonPropertyName("message")] string? Message);

    /// <summary><c>{"message":{"content","contentType":"text"}}</c>.</summary>
    public sealed record class StatusMessageBody([property: JsonPropertyName("message")] ItemBody Message);

    /// <summary>Graph's itemBody; only text is used.</summary>
    public sealed record class ItemBody(
        [property: JsonPropertyName("content")] string Content,
        [property: JsonPropertyName("contentType")] string ContentType);

    /// <summary>The Graph presence of <paramref name="view"/> (as its watcher may see it).</summary>
    public static GraphPresence From(PresenceView view, string? odataContext = null)
    {
        var target = Identity.SipUri.Parse(view.Target);
        var outOfOffice = view.OofNote is not null || view.GraphActivity == GraphActivity.OutOfOffice;
        return new GraphPresence(
            odataContext,
            target.Address,
            view.GraphAvailability.ToString(),
            view.GraphActivity.ToString(),
            new OutOfOffice(outOfOffice, view.OofNote?.Text),

            // Zero-padded, so that comparing the strings orders the versions as Graph promises.
            view.Sequence.ToString("D20", CultureInfo.InvariantCulture),
            view.Note is { Length: > 0 } note ? new StatusMessageBody(new ItemBody(note, "text")) : null);
    }
}
