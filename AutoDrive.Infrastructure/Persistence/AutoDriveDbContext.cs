using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Objects;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence;

public sealed class AutoDriveDbContext(DbContextOptions<AutoDriveDbContext> options) : DbContext(options)
{
    /// <summary>Byte-order collation for keys and names: S3 lists in UTF-8 byte order.</summary>
    public const string ByteOrderCollation = "C";

    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Bucket> Buckets => Set<Bucket>();

    public DbSet<ObjectMapping> ObjectMappings => Set<ObjectMapping>();

    public DbSet<StoredContent> StoredContents => Set<StoredContent>();

    public DbSet<ContentOwnership> ContentOwnerships => Set<ContentOwnership>();

    public DbSet<MultipartUpload> MultipartUploads => Set<MultipartUpload>();

    public DbSet<NativeUpload> NativeUploads => Set<NativeUpload>();

    public DbSet<UploadChunk> UploadChunks => Set<UploadChunk>();

    public DbSet<Publication> Publications => Set<Publication>();

    internal DbSet<FolderEntryRow> FolderEntries => Set<FolderEntryRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AutoDriveDbContext).Assembly);
    }
}
