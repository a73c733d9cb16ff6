using System.Net;
using System.Text.Json;
using AutoDrive.Tests.TestSupport;
using Npgsql;

namespace AutoDrive.Tests.Api.Telemetry;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c>, unauthenticated, with their JSON bodies: ready lists the database,
/// its migrations, the DSN store and the storage network; it answers 503 naming the failing check when the store's
/// directory cannot take a file (replaced by a plain file: the test runs as root, which file modes do not stop) and
/// when the database refuses connections, and 200 again once they are back.
/// </summary>
[NonParallelizable]
public class HealthEndpointTests
{
    /// <summary>A hang guard while the connection pool lets go of broken connections, not a measurement.</summary>
    private const int RecoveryPolls = 40;

    [Test]
    public async Task Live_AnswersHealthyWithoutChecksOrCredentials()
    {
        var server = await SharedServer.GetAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var (status, body) = await GetAsync(http, "/health/live");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(body.GetProperty("checks").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Ready_WhenAllIsWell_ListsEveryCheckHealthy()
    {
        var server = await SharedServer.GetAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var (status, body) = await GetAsync(http, "/health/ready");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Checks(body), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["database"] = "Healthy",
            ["migrations"] = "Healthy",
            ["dsn-store"] = "Healthy",
            ["storage-network"] = "Healthy",
        }));
        Assert.That(body.GetRawText(), Does.Not.Contain(server.ConnectionString).And.Not.Contain("Password"));
    }

    [Test]
    public async Task Ready_WhenTheStoreDirectoryTakesNoFile_Answers503UntilItDoes()
    {
        await using var server = await AutoDriveServer.StartAsync(
            new GatewaySetup { Settings = new Dictionary<string, string?> { ["AutoDrive:LocalDsn:HealthProbeInterval"] = "00:00:00" } },
            CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.That((await GetAsync(http, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));

        var temp = Path.Combine(server.DataDirectory, "dsn", "tmp");
        Directory.Move(temp, temp + ".away");
        await File.WriteAllTextAsync(temp, "not a directory");
        try
        {
            var (status, body) = await GetAsync(http, "/health/ready");

            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(Checks(body)["dsn-store"], Is.EqualTo("Unhealthy"));
            Assert.That(Checks(body)["database"], Is.EqualTo("Healthy"));
            Assert.That((await GetAsync(http, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK), "still live");
        }
        finally
        {
            File.Delete(temp);
            Directory.Move(temp + ".away", temp);
        }

        Assert.That((await GetAsync(http, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Directory.EnumerateFiles(temp), Is.Empty, "the probe leaves no file behind");
    }

    [Test]
    public async Task Ready_WhenTheDatabaseRefusesConnections_Answers503UntilItAccepts()
    {
        await using var server = await AutoDriveServer.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.That((await GetAsync(http, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString).Database!;

        await AdministerAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false", database);
        try
        {
            var (status, body) = await GetAsync(http, "/health/ready");

            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(Checks(body)["database"], Is.EqualTo("Unhealthy"));
            Assert.That(Checks(body)["migrations"], Is.EqualTo("Unhealthy"));
            Assert.That(Checks(body)["dsn-store"], Is.EqualTo("Healthy"));
            Assert.That((await GetAsync(http, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK), "still live");
        }
        finally
        {
            await AdministerAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true", terminate: null);
        }

        var recovered = default(HttpStatusCode);
        for (var poll = 0; poll < RecoveryPolls && recovered != HttpStatusCode.OK; poll++)
        {
            recovered = (await GetAsync(http, "/health/ready")).Status;
        }

        Assert.That(recovered, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Runs <paramref name="sql"/> on the cluster's maintenance database, then ends every session of <paramref name="terminate"/>.</summary>
    private static async Task AdministerAsync(AutoDriveServer server, string sql, string? terminate)
    {
        var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        if (terminate is not null)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection);
            kill.Parameters.AddWithValue("db", terminate);
            await kill.ExecuteNonQueryAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static Dictionary<string, string> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
}
