using AutoDrive.Tests.TestSupport;
using Npgsql;

namespace AutoDrive.Tests.Infrastructure.Postgres;

public class TestRunTests
{
    [Test]
    public async Task CreateDatabaseAsync_CalledTwice_ReturnsDistinctEmptyDatabases()
    {
        var first = await TestRun.CreateDatabaseAsync(CancellationToken.None);
        var second = await TestRun.CreateDatabaseAsync(CancellationToken.None);

        var firstName = await ScalarAsync<string>(first, "SELECT current_database()");
        var secondName = await ScalarAsync<string>(second, "SELECT current_database()");
        var userTables = await ScalarAsync<long>(first, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");

        Assert.That(secondName, Is.Not.EqualTo(firstName));
        Assert.That(userTables, Is.Zero);
    }

    [Test]
    public async Task CreateDatabaseAsync_CalledConcurrently_GivesEachCallerItsOwnDatabase()
    {
        var connectionStrings = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => TestRun.CreateDatabaseAsync(CancellationToken.None)));

        var names = await Task.WhenAll(connectionStrings.Select(c => ScalarAsync<string>(c, "SELECT current_database()")));

        Assert.That(names, Is.Unique);
    }

    [Test]
    public async Task CreateDatabaseAsync_ForTheTestRun_GivesAThrowawayCluster()
    {
        var connectionString = await TestRun.CreateDatabaseAsync(CancellationToken.None);

        Assert.That(await ScalarAsync<string>(connectionString, "SHOW fsync"), Is.EqualTo("off"));
        Assert.That(await ScalarAsync<string>(connectionString, "SHOW data_directory"), Does.StartWith(Path.Combine(TemporaryDirectory.Root, "autodrive-tests-")));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
