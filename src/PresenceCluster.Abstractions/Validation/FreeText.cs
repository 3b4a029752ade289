namespace PresenceCluster.Validation;

/// <summary>
/// The characters free text (notes, display names, group names, locations, card fields) may not hold, because every
/// watcher's screen renders them: control characters (NUL, escape sequences, C1 controls), the bidirectional
/// embedding, override and isolate characters that reorder what follows them (a note reading "…gpj.exe" as
/// "…exe.jpg"), and halves of surrogate pairs, which are not text at all.
/// </summary>
public static class FreeText
{
    /// <summary>What is wrong with <paramref name="value"/>, or null when it may be stored; line breaks and tabs only when <paramref name="multiline"/>.</summary>
    public static string? Problem(string? value, bool multiline = false)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"holds half a surrogate pair (U+{(int)c:X4}) at position {i}; it is not text";
            }

            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return $"holds the control character U+{(int)c:X4} at position {i}; control characters are not allowed{(multiline ? " (line breaks and tabs are)" : string.Empty)}";
            }

            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"holds the bidirectional formatting character U+{(int)c:X4} at position {i}; embedding, override and isolate characters are not allowed";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="Errors.InvalidInputException"/> naming <paramref name="parameter"/> when <paramref name="value"/> holds a refused character.</summary>
    public static void ThrowIfInvalid(string parameter, string? value, bool multiline = false)
    {
        if (Problem(value, multiline) is { } problem)
        {
            throw new Errors.InvalidInputException(parameter, problem);
        }
    }
}
