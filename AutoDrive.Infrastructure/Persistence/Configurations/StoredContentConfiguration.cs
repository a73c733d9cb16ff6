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
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(8).HasDefaultValue(ContentKind.File);
        builder.Property(c => c.Name).HasMaxLength(1024).HasDefaultValue(string.Empty);
        builder.Property(c => c.Options).HasColumnName("upload_options").HasColumnType("jsonb")
            .HasConversion(UploadOptionsColumn.Converter, UploadOptionsColumn.Comparer)
            .HasDefaultValueSql("'{}'::jsonb");
        builder.Property(c => c.MimeType).HasMaxLength(255);
    }
}
