using System.Reflection;
using Npgsql;

namespace PresenceCluster.Silo.Database;

/// <summary>
/// Creates or upgrades the PostgreSQL schema from the scripts in deploy/postgres (carried inside the silo), and
/// checks that every query the Orleans ADO.NET providers need is there.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The ADO.NET invariant name of the PostgreSQL driver.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The query keys Orleans 10.4.2's clustering, persistence and reminders providers read.</summary>
    public static IReadOnlyList<string> RequiredQueryKeys { get; } =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>The scripts, in the order they run.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        const string Prefix = "PresenceCluster.Schema.";
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name => (name[Prefix.Length..], Read(assembly, name))),
        ];
    }

    /// <summary>Runs every script in one transaction: either the whole schema is applied or nothing is.</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (_, sql) in Scripts())
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The required query keys the database lacks (all of them if there is no OrleansQuery table).</summary>
    public static async Task<IReadOnlyList<string>> FindMissingQueryKeysAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return RequiredQueryKeys;
        }

        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            present.Add(reader.GetString(0));
        }

        return [.. RequiredQueryKeys.Where(key => !present.Contains(key))];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
