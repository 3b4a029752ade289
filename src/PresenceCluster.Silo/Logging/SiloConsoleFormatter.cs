using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace PresenceCluster.Silo.Logging;

/// <summary>
/// One line per event, naming the silo: <c>2026-11-27T17:04:31.123Z info [host-11111] Category: message</c>, so that
/// the logs of several silos on one machine (or gathered in one place) say which silo spoke. Exceptions follow on
/// the next lines.
/// </summary>
public sealed class SiloConsoleFormatter(IOptions<SiloConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name (<c>Logging:Console:FormatterName</c>).</summary>
    public const string FormatterName = "silo";

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(" [");
        textWriter.Write(options.Value.SiloName);
        textWriter.Write("] ");
        textWriter.Write(logEntry.Category);
        textWriter.Write(": ");
        textWriter.WriteLine(message?.ReplaceLineEndings(" "));
        if (logEntry.Exception is { } exception)
        {
            textWriter.WriteLine(exception.ToString());
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

/// <summary>The options of <see cref="SiloConsoleFormatter"/>.</summary>
public sealed class SiloConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The silo's name, written in every line.</summary>
    public string SiloName { get; set; } = string.Empty;
}
