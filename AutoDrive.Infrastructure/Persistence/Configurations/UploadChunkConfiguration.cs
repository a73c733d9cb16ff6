using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class UploadChunkConfiguration : IEntityTypeConfiguration<UploadChunk>
{
    public void Configure(EntityTypeBuilder<UploadChunk> builder)
    {
        builder.ToTable("upload_chunks", t => t.HasCheckConstraint("ck_upload_chunks_index", $"index >= 0 AND index < {UploadChunk.MaxChunks}"));
        builder.HasKey(c => new { c.UploadId, c.Index });
        builder.Property(c => c.UploadId).HasMaxLength(UploadId.Length).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property<byte[]>("_md5").HasColumnName("md5").HasMaxLength(Domain.Content.Md5Digest.Length).IsRequired();
        builder.Ignore(c => c.Md5);
        builder.Property(c => c.StagedName).HasMaxLength(128);
        builder.HasOne<NativeUpload>().WithMany().HasForeignKey(c => c.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}
