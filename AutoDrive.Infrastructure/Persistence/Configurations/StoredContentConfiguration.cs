using AutoDrive.Domain.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class StoredContentConfiguration : IEntityTypeConfiguration<StoredContent>
{
    public void Configure(EntityTypeBuilder<StoredContent> builder)
    {
        builder.ToTable("stored_contents");
        builder.HasKey(c => c.Cid);
        builder.Property(c => c.Cid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
    }
}
