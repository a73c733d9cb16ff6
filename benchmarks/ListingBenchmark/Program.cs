// Listing benchmark: the cost of a 1000-entry ListObjectsV2 page at growing bucket sizes. Prints figures; asserts nothing.
//
//   dotnet run -c Release --project benchmarks/ListingBenchmark -- [keys ...] [--pages N]
//   e.g. dotnet run -c Release --project benchmarks/ListingBenchmark -- 10000 1000000 10000000
//
// For each size it starts nothing but a throwaway PostgreSQL cluster (durability off, under /tmp), applies the
// committed migrations, seeds N keys straight into object_mappings with one INSERT ... SELECT generate_series (in key
// order; the primary-key and CID indexes are rebuilt afterwards, the listing index is the migration's own), then times
// ListingService.ListObjectsAsync (the application path: validation, the listing SQL, paging) for:
//   * 1000 keys without a delimiter, from a random start-after;
//   * the bucket's root with delimiter '/': 1000 common prefixes, one of them (big/) holding half of all keys;
//   * a directory with delimiter '/' (N/2000 keys in it).
// Keys: half are big/<i>, the other half d<0000..0999>/f<i>. "rows read" is what PostgreSQL read from object_mappings
// for one page (index entries + sequentially scanned rows, from pg_stat_xact_*), the figure that must not grow with N.
using System.Diagnostics;
using System.Globalization;
using AutoDrive.Application;
using AutoDrive.Application.Listing;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure;
using AutoDrive.Infrastructure.Persistence;
using AutoDrive.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

var sizes = new List<long>();
var pages = 50;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--pages")
    {
        pages = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        sizes.Add(long.Parse(args[i], CultureInfo.InvariantCulture));
    }
}

if (sizes.Count == 0)
{
    sizes.AddRange([10_000, 1_000_000]);
}

var root = Path.Combine("/tmp", "autodrive-bench-listing-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
await using var cluster = new EmbeddedPostgresCluster(
    Options.Create(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), Durable = false }),
    NullLogger<EmbeddedPostgresCluster>.Instance);
try
{
    Console.WriteLine($"{"keys",12}  {"page",-44} {"p50 ms",8} {"p95 ms",8} {"entries",8} {"rows read",10}");
    foreach (var size in sizes)
    {
        var connectionString = await cluster.CreateDatabaseAsync($"bench_{size}", CancellationToken.None);
        await using var services = BuildServices(connectionString);
        var owner = await SeedAsync(services, connectionString, size);
        await MeasureAsync(services, owner, size, pages);
    }
}
finally
{
    await cluster.StopAsync(CancellationToken.None);
    Directory.Delete(root, recursive: true);
}

static ServiceProvider BuildServices(string connectionString)
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AutoDrive"] = connectionString,
            ["AutoDrive:DataDirectory"] = Path.GetTempPath(),
        })
        .Build();
    var services = new ServiceCollection()
        .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
        .AddSingleton<IConfiguration>(configuration)
        .AddApplication()
        .AddInfrastructure(configuration);
    return services.BuildServiceProvider();
}

static async Task<Guid> SeedAsync(ServiceProvider services, string connectionString, long size)
{
    await services.GetRequiredService<DatabaseEndpoint>().StartAsync(CancellationToken.None);
    await using (var scope = services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>().Database.MigrateAsync();
    }

    var owner = Guid.NewGuid();
    var cid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu").Value;
    var clock = Stopwatch.StartNew();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await ExecuteAsync(connection, "SET maintenance_work_mem = '512MB'");
    await ExecuteAsync(connection, $"INSERT INTO users (id, name, created_at) VALUES ('{owner}', 'bench', now())");
    await ExecuteAsync(connection, $"INSERT INTO stored_contents (cid, size, node_count, created_at) VALUES ('{cid}', 13, 1, now())");
    await ExecuteAsync(connection, $"INSERT INTO buckets (id, owner_id, name, created_at) VALUES (gen_random_uuid(), '{owner}', 'bench', now())");
    await ExecuteAsync(connection, "ALTER TABLE object_mappings DROP CONSTRAINT pk_object_mappings");
    await ExecuteAsync(connection, "DROP INDEX ix_object_mappings_cid");
    await ExecuteAsync(connection, $"""
        INSERT INTO object_mappings (id, owner_id, bucket_name, key, cid, md5, size, created_at, updated_at, metadata)
        SELECT gen_random_uuid(), '{owner}', 'bench', k.key, '{cid}', decode(md5(k.i::text), 'hex'), k.i % 100000, now(), now(), jsonb_build_object()
        FROM (SELECT i, CASE WHEN i % 2 = 0 THEN 'big/' || lpad(i::text, 10, '0')
                             ELSE 'd' || lpad((i / 2 % 1000)::text, 4, '0') || '/f' || lpad(i::text, 10, '0') END AS key
              FROM generate_series(0, {size - 1}) AS i) k
        ORDER BY k.key COLLATE "C"
        """);
    await ExecuteAsync(connection, "ALTER TABLE object_mappings ADD CONSTRAINT pk_object_mappings PRIMARY KEY (id)");
    await ExecuteAsync(connection, "CREATE INDEX ix_object_mappings_cid ON object_mappings (cid)");
    await ExecuteAsync(connection, "VACUUM ANALYZE object_mappings");
    Console.WriteLine($"{size,12:N0}  seeded in {clock.Elapsed.TotalSeconds:F1} s");
    return owner;
}

static async Task MeasureAsync(ServiceProvider services, Guid owner, long size, int pages)
{
    var random = new Random(42);
    string KeyAt(long i) => i % 2 == 0
        ? $"big/{i.ToString("D10", CultureInfo.InvariantCulture)}"
        : $"d{(i / 2 % 1000).ToString("D4", CultureInfo.InvariantCulture)}/f{i.ToString("D10", CultureInfo.InvariantCulture)}";
    string Directory() => $"d{random.Next(0, (int)Math.Min(1000, size / 2)).ToString("D4", CultureInfo.InvariantCulture)}/";

    var scenarios = new (string Name, Func<ListObjectsRequest> Request)[]
    {
        ("1000 keys, no delimiter, random start-after", () =>
            new ListObjectsRequest(owner, "bench", ListingVersion.V2, StartAfter: KeyAt(random.NextInt64(0, Math.Max(1, size - 2000))))),
        ("root, delimiter '/' (1000 common prefixes)", () =>
            new ListObjectsRequest(owner, "bench", ListingVersion.V2, Delimiter: "/")),
        ("a directory, delimiter '/'", () =>
            new ListObjectsRequest(owner, "bench", ListingVersion.V2, Prefix: Directory(), Delimiter: "/")),
    };

    foreach (var (name, request) in scenarios)
    {
        var timings = new List<double>();
        var entries = 0;
        for (var i = 0; i < pages + 5; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var listing = scope.ServiceProvider.GetRequiredService<ListingService>();
            var next = request();
            var clock = Stopwatch.StartNew();
            var page = await listing.ListObjectsAsync(next, CancellationToken.None);
            clock.Stop();
            if (i >= 5)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
                entries = Math.Max(entries, page.KeyCount);
            }
        }

        var rowsRead = await RowsReadAsync(services, request());
        timings.Sort();
        Console.WriteLine(
            $"{size,12:N0}  {name,-44} {Percentile(timings, 0.50),8:F2} {Percentile(timings, 0.95),8:F2} {entries,8} {rowsRead,10}");
    }
}

static async Task<long> RowsReadAsync(ServiceProvider services, ListObjectsRequest request)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();
    await using var transaction = await db.Database.BeginTransactionAsync();
    var before = await ReadCounterAsync(db);
    await scope.ServiceProvider.GetRequiredService<ListingService>().ListObjectsAsync(request, CancellationToken.None);
    var read = await ReadCounterAsync(db) - before;
    await transaction.RollbackAsync();
    return read;
}

static async Task<long> ReadCounterAsync(AutoDriveDbContext db)
{
    var connection = (NpgsqlConnection)db.Database.GetDbConnection();
    await using var command = new NpgsqlCommand(
        """
        SELECT (SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
                FROM pg_index i WHERE i.indrelid = 'object_mappings'::regclass)
             + (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_xact_user_tables WHERE relname = 'object_mappings')
        """,
        connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}
