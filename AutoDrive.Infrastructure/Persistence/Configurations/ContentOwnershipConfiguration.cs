using AutoDrive.Domain.Content;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class ContentOwnershipConfiguration : IEntityTypeConfiguration<ContentOwnership>
{
    public void Configure(EntityTypeBuilder<ContentOwnership> builder)
    {
        builder.ToTable("content_ownerships");
        builder.HasKey(o => new { o.Cid, o.UserId });
        builder.Property(o => o.Cid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(o => o.Role).HasConversion<string>().HasMaxLength(8).HasDefaultValue(OwnerRole.Admin);
        builder.Property(o => o.IsRoot).HasDefaultValue(true);
        builder.Ignore(o => o.IsTrashed);
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(o => o.Cid).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);

        // A user's roots, most recent first (the native API's lists page through this).
        builder.HasIndex(o => new { o.UserId, o.CreatedAt });
    }
}
