namespace PresenceCluster.Presence;

/// <summary>The personal note's rules: an empty note is none, and a replaced note goes to the front of the history.</summary>
public static class NoteRules
{
    /// <summary>
    /// <paramref name="current"/> with <paramref name="note"/> as the note and the previous one first in a history of at
    /// most <paramref name="historyLength"/>; null when nothing changes.
    /// </summary>
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
}
