using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class ObjectMappingConfiguration : IEntityTypeConfiguration<ObjectMapping>
{
    public void Configure(EntityTypeBuilder<ObjectMapping> builder)
    {
        builder.ToTable("object_mappings", t =>
        {
            t.HasCheckConstraint("ck_object_mappings_md5_length", "md5 is null or octet_length(md5) = 16");
            t.HasCheckConstraint("ck_object_mappings_size", "size >= 0");
        });
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.BucketName).HasMaxLength(BucketName.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);

        // Keys are compared and listed in byte order. The unique index is also the listing index:
        // (owner, bucket, key) in the order ListObjects walks.
        builder.Property(m => m.Key).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(m => new { m.OwnerId, m.BucketName, m.Key }).IsUnique();

        builder.Property(m => m.Cid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(m => m.Cid);
        builder.Property(m => m.Md5).HasMaxLength(Md5Digest.Length);
        builder.Property(m => m.ChecksumAlgorithm).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ChecksumValue).HasMaxLength(128);

        MetadataColumn.Configure(builder);
        builder.Ignore(m => m.Metadata);
        builder.Ignore(m => m.ETag);
        builder.Ignore(m => m.Headers);
        builder.Ignore(m => m.Checksum);

        // Two writers of the same key race on PostgreSQL's xmin: the loser retries on fresh state.
        builder.Property<uint>("RowVersion").IsRowVersion();

        builder.HasOne<User>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(m => m.Cid).OnDelete(DeleteBehavior.Restrict);
    }
}
