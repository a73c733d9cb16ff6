using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class ObjectMappingConfiguration : IEntityTypeConfiguration<ObjectMapping>
{
    public const string ListingIndex = "ix_object_mappings_visible_keys";

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

        // Listings read only what the owner has not trashed, through a partial index on the same columns: a page never
        // reads a trashed row, so it still costs the page (the unique index above keeps keys unique, trashed or not).
        builder.HasIndex([nameof(ObjectMapping.OwnerId), nameof(ObjectMapping.BucketName), nameof(ObjectMapping.Key)], ListingIndex)
            .HasDatabaseName(ListingIndex)
            .HasFilter("trashed_at IS NULL");

        builder.Property(m => m.Cid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        // Trash and restore find a user's keys by content.
        builder.HasIndex(m => new { m.Cid, m.OwnerId });
        builder.Property(m => m.Md5).HasMaxLength(Md5Digest.Length);
        builder.Property(m => m.ChecksumAlgorithm).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ChecksumValue).HasMaxLength(128);

        MetadataColumn.Configure(builder);
        builder.Ignore(m => m.Metadata);
        builder.Ignore(m => m.ETag);
        builder.Ignore(m => m.Headers);
        builder.Ignore(m => m.Checksum);
        builder.Ignore(m => m.IsVisible);

        // Two writers of the same key race on PostgreSQL's xmin: the loser retries on fresh state.
        builder.Property<uint>("RowVersion").IsRowVersion();

        builder.HasOne<User>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(m => m.Cid).OnDelete(DeleteBehavior.Restrict);
    }
}
