using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PresenceCluster.Partners;

namespace PresenceCluster.Cli;

/// <summary>How presencectl prints: aligned tables for people, JSON for scripts.</summary>
internal static class OutputFormat
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Table(IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend([.. headers]).ToList();
        var widths = headers.Select((_, column) => all.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }

        return text.ToString().TrimEnd();
    }

    public static string Refresh(PartnerInfo partner) => partner switch
    {
        { MetadataUrl: null } => "-",
        { LastRefreshError: { } error } => $"failed {partner.LastRefreshFailed:yyyy-MM-dd HH:mm}Z: {error} (last good {partner.LastRefreshed:yyyy-MM-dd HH:mm}Z)",
        _ => $"ok {partner.LastRefreshed:yyyy-MM-dd HH:mm}Z",
    };
}
