using AutoDrive.Domain.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class FolderEntryConfiguration : IEntityTypeConfiguration<FolderEntryRow>
{
    public void Configure(EntityTypeBuilder<FolderEntryRow> builder)
    {
        builder.ToTable("folder_entries");
        builder.HasKey(e => new { e.FolderCid, e.Position });
        builder.Property(e => e.FolderCid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(e => e.ChildCid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(e => e.Kind).HasMaxLength(8);
        builder.Property(e => e.Name).HasMaxLength(1024);
        builder.HasIndex(e => e.ChildCid);
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(e => e.FolderCid).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(e => e.ChildCid).OnDelete(DeleteBehavior.Restrict);
    }
}
