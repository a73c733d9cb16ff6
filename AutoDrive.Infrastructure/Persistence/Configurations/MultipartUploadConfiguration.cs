using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class MultipartUploadConfiguration : IEntityTypeConfiguration<MultipartUpload>
{
    public void Configure(EntityTypeBuilder<MultipartUpload> builder)
    {
        builder.ToTable("multipart_uploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(UploadId.Length).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(u => u.BucketName).HasMaxLength(BucketName.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(u => u.Key).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(u => u.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.ChecksumAlgorithm).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.CompletedCid).HasMaxLength(Cid.MaxLength);
        builder.Property(u => u.CompletedChecksum).HasMaxLength(128);

        // ListMultipartUploads walks (owner, bucket, key, initiated, id); the expiry job looks for idle uploads.
        builder.HasIndex(u => new { u.OwnerId, u.BucketName, u.Key, u.InitiatedAt, u.Id });
        builder.HasIndex(u => new { u.State, u.UpdatedAt });

        MetadataColumn.Configure(builder);
        builder.Ignore(u => u.Metadata);
        builder.Ignore(u => u.Headers);

        // Changes of the upload itself (Complete, Abort, expiry) race on xmin: the loser retries on fresh state. Parts
        // never update this row (they are rows of their own, written under a shared lock of it), so they do not race.
        builder.Property<uint>("RowVersion").IsRowVersion();

        // The uploads in progress are also indexed by (owner_id, bucket_name, key, id), partially, by hand-written SQL in
        // the migration InProgressUploadsIndex (MultipartUploadListingSql walks it); the model does not declare it.
        builder.HasMany<UploadPart>().WithOne().HasForeignKey(p => p.UploadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(u => u.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
