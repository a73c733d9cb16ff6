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
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(o => o.Cid).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => o.UserId);
    }
}
