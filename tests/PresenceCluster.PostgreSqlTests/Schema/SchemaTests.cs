using Microsoft.Extensions.Configuration;
using Npgsql;
using PresenceCluster.PostgreSqlTests.Infrastructure;
using PresenceCluster.Silo.Database;

namespace PresenceCluster.PostgreSqlTests.Schema;

public sealed class SchemaTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        if (PostgresServer.Unavailable is null)
        {
            _connectionString = await PostgresServer.CreateDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_connectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }

    [PostgresFact]
    public async Task Apply_Twice_IsHarmlessAndLeavesEveryQueryKey()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);

        var before = await PostgresSchema.FindMissingQueryKeysAsync(dataSource);
        await PostgresSchema.ApplyAsync(dataSource);
        await PostgresSchema.ApplyAsync(dataSource);
        var after = await PostgresSchema.FindMissingQueryKeysAsync(dataSource);

        Assert.Equal(PostgresSchema.RequiredQueryKeys, before);
        Assert.Empty(after);
        Assert.Equal(["01-orleans-query.sql", "02-clustering.sql", "03-persistence.sql", "04-reminders.sql"], PostgresSchema.Scripts().Select(s => s.Name));
    }

    [PostgresFact]
    public async Task InitDb_OnADatabaseMissingAQuery_FindsItByNameAndRestoresIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:PostgreSql"] = _connectionString }).Build();
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        var output = new StringWriter();
        var error = new StringWriter();

        var first = await InitDbCommand.RunAsync(configuration, output, error);
        await using (var delete = dataSource.CreateCommand("DELETE FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntriesKey'"))
        {
            await delete.ExecuteNonQueryAsync();
        }

        var missing = await PostgresSchema.FindMissingQueryKeysAsync(dataSource);
        var second = await InitDbCommand.RunAsync(configuration, output, error);

        Assert.Equal(0, first);
        Assert.Contains("all 19 query keys present", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(["CleanupDefunctSiloEntriesKey"], missing);
        Assert.Equal(0, second);
        Assert.Empty(await PostgresSchema.FindMissingQueryKeysAsync(dataSource));
        Assert.Empty(error.ToString());
    }

    [PostgresFact]
    public async Task InitDb_WithoutConnectionString_FailsWithExitCodeTwoAndSaysWhat()
    {
        var error = new StringWriter();

        var code = await InitDbCommand.RunAsync(new ConfigurationBuilder().Build(), TextWriter.Null, error);

        Assert.Equal(2, code);
        Assert.Contains("ConnectionStrings:PostgreSql is not set", error.ToString(), StringComparison.Ordinal);
    }
}
