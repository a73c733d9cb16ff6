using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users", t =>
        {
            t.HasCheckConstraint("ck_users_limits", "(upload_limit IS NULL OR upload_limit >= 0) AND (download_limit IS NULL OR download_limit >= 0)");
            t.HasCheckConstraint("ck_users_used", "uploaded_bytes >= 0 AND downloaded_bytes >= 0");
        });
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Name).HasMaxLength(User.MaxNameLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(u => u.Name).IsUnique();
        builder.Property(u => u.PublicId).HasMaxLength(User.PublicIdLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(u => u.PublicId).IsUnique();
        builder.Ignore(u => u.PendingUploadCredits);
        builder.Ignore(u => u.PendingDownloadCredits);

        // Credits are charged by one atomic UPDATE (CreditLedger), never read-modify-written through the entity.
        builder.Property(u => u.UploadedBytes).HasDefaultValue(0L);
        builder.Property(u => u.DownloadedBytes).HasDefaultValue(0L);

        builder.HasMany(u => u.ApiKeys).WithOne().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(u => u.ApiKeys).HasField("_apiKeys").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
