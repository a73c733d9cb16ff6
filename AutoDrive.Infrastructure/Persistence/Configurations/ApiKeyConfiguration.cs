using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys", t => t.HasCheckConstraint("ck_api_keys_hash_length", "octet_length(hash) = 32"));
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Hash).HasMaxLength(ApiKeyHash.Length);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(128);
    }
}
