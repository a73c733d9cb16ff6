using AutoDrive.Domain.Content;
using AutoDrive.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutoDrive.Tests.Infrastructure.Persistence;

/// <summary>
/// The NativeApi migration over rows written before it: a database migrated only to MultipartUploads gets users, contents,
/// holds and keys by SQL in that schema, then is migrated to the latest.
/// </summary>
public class NativeApiMigrationTests
{
    private const string PreviousMigration = "20261125170530_MultipartUploads";
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();
    private static readonly Guid Carol = Guid.NewGuid();
    private static readonly Cid Transformed = TestCids.Of("migration:transformed");
    private static readonly Cid Plain = TestCids.Of("migration:plain");
    private static readonly Cid Unmapped = TestCids.Of("migration:unmapped");

    private const string TransformedMetadata = """{"compression": " zlib ", "encryption": "AES_256_GCM", "color": "blue"}""";
    private const string EmptyMetadata = "{}";
    private const string GzipMetadata = """{"compression": "gzip"}""";

    private MigratedDatabase _database = null!;

    [OneTimeSetUp]
    public async Task MigrateOverOldRowsAsync()
    {
        var connectionString = await TestRun.CreateDatabaseAsync();
        _database = MigratedDatabase.Existing(connectionString);
        await using var db = _database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);

        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO users (id, name, created_at) VALUES ({Alice}, 'alice', {T0}), ({Bob}, 'bob', {T0}), ({Carol}, 'carol', {T0});
            INSERT INTO stored_contents (cid, size, node_count, created_at)
            VALUES ({Transformed.Value}, 10, 1, {T0}), ({Plain.Value}, 5, 1, {T0}), ({Unmapped.Value}, 0, 1, {T0});
            INSERT INTO content_ownerships (cid, user_id, created_at)
            VALUES ({Transformed.Value}, {Alice}, {T0}), ({Transformed.Value}, {Bob}, {T0}), ({Plain.Value}, {Bob}, {T0}), ({Unmapped.Value}, {Carol}, {T0});
            INSERT INTO object_mappings (id, owner_id, bucket_name, key, cid, size, content_type, metadata, created_at, updated_at)
            VALUES
                ({Guid.NewGuid()}, {Alice}, 'docs', 'photos/2026/Résumé.pdf', {Transformed.Value}, 10, 'application/pdf',
                 {TransformedMetadata}::jsonb, {T0}, {T0}),
                ({Guid.NewGuid()}, {Bob}, 'later', 'renamed.bin', {Transformed.Value}, 10, 'text/plain', {EmptyMetadata}::jsonb, {T0.AddHours(1)}, {T0.AddHours(1)}),
                ({Guid.NewGuid()}, {Bob}, 'b', 'plain', {Plain.Value}, 5, NULL, {GzipMetadata}::jsonb, {T0}, {T0});
            """);

        await db.Database.MigrateAsync();
    }

    [Test]
    public async Task Migrate_UsersCreatedBefore_GetDistinctPublicIdsOf32Hex()
    {
        await using var db = _database.CreateContext();

        var ids = await db.Users.AsNoTracking().Where(u => u.Id == Alice || u.Id == Bob || u.Id == Carol).Select(u => u.PublicId).ToListAsync();

        Assert.That(ids, Has.Count.EqualTo(3));
        Assert.That(ids, Is.All.Match("^[0-9a-f]{32}$"));
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public async Task Migrate_UsersCreatedBefore_AreUnlimitedWithNothingUsed()
    {
        await using var db = _database.CreateContext();

        var alice = await db.Users.AsNoTracking().SingleAsync(u => u.Id == Alice);

        Assert.That((alice.UploadLimit, alice.DownloadLimit, alice.UploadedBytes, alice.DownloadedBytes), Is.EqualTo(((long?)null, (long?)null, 0L, 0L)));
    }

    [Test]
    public async Task Migrate_StoredContent_TakesNameMimeTypeAndOptionsFromItsFirstKey()
    {
        await using var db = _database.CreateContext();

        var content = await db.StoredContents.AsNoTracking().SingleAsync(c => c.Cid == Transformed.Value);

        Assert.That((content.Name, content.MimeType, content.Kind), Is.EqualTo(("Résumé.pdf", "application/pdf", ContentKind.File)));
        Assert.That(content.Options, Is.EqualTo(new UploadOptions(new CompressionOptions(CompressionAlgorithm.Zlib), new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm))));
    }

    [Test]
    public async Task Migrate_StoredContent_WithOtherMetadata_HasNoOptions()
    {
        await using var db = _database.CreateContext();

        var content = await db.StoredContents.AsNoTracking().SingleAsync(c => c.Cid == Plain.Value);

        Assert.That((content.Name, content.MimeType, content.Options), Is.EqualTo(("plain", (string?)null, UploadOptions.None)));
    }

    [Test]
    public async Task Migrate_StoredContentWithoutKeys_KeepsAnEmptyName()
    {
        await using var db = _database.CreateContext();

        var content = await db.StoredContents.AsNoTracking().SingleAsync(c => c.Cid == Unmapped.Value);

        Assert.That((content.Name, content.MimeType, content.Options), Is.EqualTo((string.Empty, (string?)null, UploadOptions.None)));
    }

    [Test]
    public async Task Migrate_HoldsCreatedBefore_AreUploadersRootsNotTrashed()
    {
        await using var db = _database.CreateContext();

        var holds = await db.ContentOwnerships.AsNoTracking().Where(o => o.Cid == Transformed.Value).ToListAsync();

        Assert.That(holds.Select(h => (h.UserId, h.Role, h.IsRoot, h.GrantedBy, h.TrashedAt)), Is.EquivalentTo(new[]
        {
            (Alice, OwnerRole.Admin, true, (Guid?)null, (DateTimeOffset?)null),
            (Bob, OwnerRole.Admin, true, (Guid?)null, (DateTimeOffset?)null),
        }));
        Assert.That(await db.ObjectMappings.AsNoTracking().CountAsync(m => m.Cid == Transformed.Value && m.TrashedAt == null), Is.EqualTo(2));
    }

    [Test]
    public async Task Migrate_ToLatest_LeavesNothingPending()
    {
        await using var db = _database.CreateContext();

        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        Assert.That(await db.Database.GetAppliedMigrationsAsync(), Has.Some.EndsWith("_NativeApi"));
    }
}
