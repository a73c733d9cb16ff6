using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> builder)
    {
        builder.ToTable("publications");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(Publication.IdLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(p => p.Cid).HasMaxLength(Cid.MaxLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(p => new { p.Cid, p.UserId });
        builder.HasOne<StoredContent>().WithMany().HasForeignKey(p => p.Cid).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
