using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Name).HasMaxLength(User.MaxNameLength).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.HasIndex(u => u.Name).IsUnique();
        builder.HasMany(u => u.ApiKeys).WithOne().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(u => u.ApiKeys).HasField("_apiKeys").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
