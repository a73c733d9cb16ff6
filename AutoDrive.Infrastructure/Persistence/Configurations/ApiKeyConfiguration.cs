using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    /// <summary>The column of the key's SHA-256 (the entity exposes it read-only; EF writes the field).</summary>
    public const string HashField = "_hash";

    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys", t => t.HasCheckConstraint("ck_api_keys_hash_length", "octet_length(hash) = 32"));
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Ignore(k => k.Hash);
        builder.Ignore(k => k.MaskedSecret);
        builder.Property<byte[]>(HashField).HasColumnName("hash").HasMaxLength(ApiKeyHash.Length).IsRequired();
        builder.HasIndex(HashField).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
        builder.Property(k => k.Hint).HasMaxLength(ApiKey.MaxHintLength);
    }
}
