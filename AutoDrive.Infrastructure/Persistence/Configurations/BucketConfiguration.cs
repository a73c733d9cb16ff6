using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class BucketConfiguration : IEntityTypeConfiguration<Bucket>
{
    public void Configure(EntityTypeBuilder<Bucket> builder)
    {
        builder.ToTable("buckets");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(BucketName.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(b => new { b.OwnerId, b.Name }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
