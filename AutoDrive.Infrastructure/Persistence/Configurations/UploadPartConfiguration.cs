using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class UploadPartConfiguration : IEntityTypeConfiguration<UploadPart>
{
    public void Configure(EntityTypeBuilder<UploadPart> builder)
    {
        builder.ToTable("upload_parts", t => t.HasCheckConstraint("ck_upload_parts_number", "number between 1 and 10000"));
        builder.HasKey(p => new { p.UploadId, p.Number });
        builder.Property(p => p.UploadId).HasMaxLength(UploadId.Length).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(p => p.Md5).HasMaxLength(Md5Digest.Length);
        builder.Property(p => p.ChecksumAlgorithm).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ChecksumValue).HasMaxLength(128);
        builder.Property(p => p.StagedName).HasMaxLength(128);
        builder.Ignore(p => p.ETag);
        builder.Ignore(p => p.Checksum);
    }
}
