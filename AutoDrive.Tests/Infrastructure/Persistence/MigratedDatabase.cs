using AutoDrive.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Tests.Infrastructure.Persistence;

/// <summary>A fresh database of the test run's cluster with AutoDrive's committed migrations applied.</summary>
public sealed class MigratedDatabase
{
    private MigratedDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<MigratedDatabase> CreateAsync()
    {
        var database = new MigratedDatabase(await TestRun.CreateDatabaseAsync());
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A database of the test run's cluster as it is (migrated or not by the caller).</summary>
    public static MigratedDatabase Existing(string connectionString) => new(connectionString);

    public AutoDriveDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<AutoDriveDbContext>().UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);
}
