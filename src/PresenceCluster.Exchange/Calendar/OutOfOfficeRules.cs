using System.Net;
using System.Text.RegularExpressions;
using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>
/// Automatic replies into presence, as Lync did: while they are on, the internal reply (as plain text) is the OOF
/// note and the user's activity is Out of office — for the scheduled window, or until they are turned off.
/// </summary>
public static partial class OutOfOfficeRules
{
    /// <summary>The longest OOF note kept (the presence model's limit).</summary>
    public const int MaxNoteLength = 2048;

    /// <summary>The note to show and the calendar item that makes the activity Out of office; both null when replies are off or over.</summary>
    public static (OofNote? Note, ScheduleItem? Item) ToPresence(AutomaticReplies replies, DateTimeOffset now)
    {
        DateTimeOffset? start = null, end = null;
        switch (replies.Status)
        {
            case AutomaticRepliesStatus.AlwaysEnabled:
                break;
            case AutomaticRepliesStatus.Scheduled when replies.Start is { } from && replies.End is { } until && until > from && until > now:
                (start, end) = (from, until);
                break;
            default:
                return (null, null);
        }

        var text = PlainText(replies.InternalMessage);
        var note = text.Length > 0 ? new OofNote { Text = text, Start = start, End = end } : null;

        // On until turned off: an item that does not change from poll to poll (so an unchanged calendar costs no
        // write), ended by the next poll that finds the replies off.
        var item = new ScheduleItem
        {
            Start = start ?? DateTimeOffset.UnixEpoch,
            End = end ?? DateTimeOffset.MaxValue,
            Status = FreeBusyStatus.OutOfOffice,
        };
        return (note, item);
    }

    /// <summary>The text of an HTML or plain reply: tags dropped, entities decoded, white space collapsed, at most <see cref="MaxNoteLength"/> characters.</summary>
    public static string PlainText(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return string.Empty;
        }

        var withoutHead = HeadOrScript().Replace(message, " ");
        var text = WebUtility.HtmlDecode(Tag().Replace(LineBreak().Replace(withoutHead, "\n"), string.Empty));
        text = Spaces().Replace(text, " ").Trim();
        return text.Length <= MaxNoteLength ? text : text[..MaxNoteLength];
    }

    [GeneratedRegex(@"<(head|style|script)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HeadOrScript();

    [GeneratedRegex(@"<br\s*/?>|</p\s*>|</div\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
