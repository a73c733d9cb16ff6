using System.Text.Json;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

internal sealed class NativeUploadConfiguration : IEntityTypeConfiguration<NativeUpload>
{
    public void Configure(EntityTypeBuilder<NativeUpload> builder)
    {
        builder.ToTable("native_uploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(UploadId.Length).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(u => u.FolderId).HasMaxLength(UploadId.Length).UseCollation(AutoDriveDbContext.ByteOrderCollation);
        builder.Property(u => u.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Name).HasMaxLength(1024);
        builder.Property(u => u.MimeType).HasMaxLength(255);
        builder.Property(u => u.RelativeId).HasMaxLength(FolderTree.MaxIdLength);
        builder.Property(u => u.Cid).HasMaxLength(Domain.Content.Cid.MaxLength);
        builder.Property<byte[]?>("_md5").HasColumnName("md5").HasMaxLength(Domain.Content.Md5Digest.Length);
        builder.Ignore(u => u.Md5);
        builder.Ignore(u => u.RootId);
        builder.Property(u => u.Options).HasColumnName("upload_options").HasColumnType("jsonb")
            .HasConversion(UploadOptionsColumn.Converter, UploadOptionsColumn.Comparer);
        builder.Property(u => u.Tree).HasColumnName("file_tree").HasColumnType("jsonb")
            .HasConversion(
                tree => tree == null ? null : JsonSerializer.Serialize(tree.Root, JsonSerializerOptions.Default),
                json => json == null ? null : FolderTree.From(JsonSerializer.Deserialize<FolderTreeNode>(json, JsonSerializerOptions.Default)!),
                new ValueComparer<FolderTree?>((a, b) => ReferenceEquals(a, b), t => t == null ? 0 : t.GetHashCode(), t => t));

        // Completion and the chunks that race it serialise on the row (chunks take it FOR SHARE); xmin catches the rest.
        builder.Property<uint>("RowVersion").IsRowVersion();

        builder.HasIndex(u => u.FolderId);
        builder.HasIndex(u => new { u.Status, u.UpdatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(u => u.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<NativeUpload>().WithMany().HasForeignKey(u => u.FolderId).OnDelete(DeleteBehavior.Cascade);
    }
}
