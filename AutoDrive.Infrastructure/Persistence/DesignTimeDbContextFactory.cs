using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutoDrive.Infrastructure.Persistence;

/// <summary>For <c>dotnet ef migrations add</c>: builds the model without a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AutoDriveDbContext>
{
    public AutoDriveDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AutoDriveDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=autodrive_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
