using AutoDrive.Application.Credits;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Repositories;

/// <summary>Credit charges against a real PostgreSQL: one atomic statement each, so concurrent charges never pass the limit together.</summary>
public class CreditLedgerTests
{
    private MigratedDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await MigratedDatabase.CreateAsync();

    [Test]
    public async Task ChargeUpload_UnmeteredUser_IsUnmetered_AndWritesNothing()
    {
        var user = await AddUserAsync(_database, "free", uploadLimit: null, downloadLimit: 10);
        var before = await RowVersionAsync(user);

        var charge = await ChargeUploadAsync(user, 1_000_000);

        Assert.That(charge, Is.EqualTo(CreditCharge.Unmetered));
        Assert.That(await RowVersionAsync(user), Is.EqualTo(before), "the user's row was not written");
        Assert.That((await ReloadAsync(user)).UploadedBytes, Is.Zero);
    }

    [Test]
    public async Task ChargeDownload_UnmeteredUser_IsUnmetered_AndWritesNothing()
    {
        var user = await AddUserAsync(_database, "free", uploadLimit: 10, downloadLimit: null);
        var before = await RowVersionAsync(user);

        var charge = await ChargeDownloadAsync(user, 1_000_000);

        Assert.That(charge, Is.EqualTo(CreditCharge.Unmetered));
        Assert.That(await RowVersionAsync(user), Is.EqualTo(before));
    }

    [Test]
    public async Task ChargeUpload_WithinTheLimit_IsRecorded()
    {
        var user = await AddUserAsync(_database, "metered", uploadLimit: 100);

        var first = await ChargeUploadAsync(user, 60);
        var second = await ChargeUploadAsync(user, 40);

        Assert.That(first, Is.EqualTo(new CreditCharge(true, 100, 100)));
        Assert.That(second, Is.EqualTo(new CreditCharge(true, 100, 40)));
        var reloaded = await ReloadAsync(user);
        Assert.That((reloaded.UploadedBytes, reloaded.PendingUploadCredits), Is.EqualTo((100L, (long?)0)));
    }

    [Test]
    public async Task ChargeUpload_BeyondTheLimit_IsRefusedWithWhatWasLeft_AndChangesNothing()
    {
        var user = await AddUserAsync(_database, "metered", uploadLimit: 100);
        await ChargeUploadAsync(user, 60);

        var refused = await ChargeUploadAsync(user, 41);

        Assert.That(refused, Is.EqualTo(new CreditCharge(false, 100, 40)));
        Assert.That((await ReloadAsync(user)).UploadedBytes, Is.EqualTo(60));
    }

    [Test]
    public async Task ChargeDownload_WithinThenBeyondTheLimit_IsRecordedThenRefused()
    {
        var user = await AddUserAsync(_database, "metered", downloadLimit: 512);

        var allowed = await ChargeDownloadAsync(user, 500);
        var refused = await ChargeDownloadAsync(user, 13);

        Assert.That(allowed, Is.EqualTo(new CreditCharge(true, 512, 512)));
        Assert.That(refused, Is.EqualTo(new CreditCharge(false, 512, 12)));
        var reloaded = await ReloadAsync(user);
        Assert.That((reloaded.DownloadedBytes, reloaded.UploadedBytes, reloaded.PendingDownloadCredits), Is.EqualTo((500L, 0L, (long?)12)));
    }

    [Test]
    public async Task ChargeUpload_LimitLoweredBelowWhatWasUsed_LeavesNoCredits()
    {
        var user = await AddUserAsync(_database, "metered", uploadLimit: 100);
        await ChargeUploadAsync(user, 80);
        await using (var db = _database.CreateContext())
        {
            var tracked = await db.Users.SingleAsync(u => u.Id == user.Id);
            tracked.SetLimits(50, null);
            await db.SaveChangesAsync();
        }

        var refused = await ChargeUploadAsync(user, 1);

        Assert.That(refused, Is.EqualTo(new CreditCharge(false, 50, 0)));
        var reloaded = await ReloadAsync(user);
        Assert.That((reloaded.UploadedBytes, reloaded.PendingUploadCredits), Is.EqualTo((80L, (long?)0)), "credits used stay used");
    }

    [Test]
    public void ChargeUpload_UnknownUser_ThrowsInvalidOperation()
    {
        Assert.That(async () => await ChargeUploadAsync(User.Register("ghost", Now), 1), Throws.InvalidOperationException);
    }

    /// <summary>
    /// A holds the user's row (its charge is not committed); B's charge is observed waiting on that lock; A commits; B
    /// must then see A's charge and be refused: together they would exceed the limit.
    /// </summary>
    [Test]
    public async Task ChargeUpload_ConcurrentChargeWhileAnotherIsUncommitted_WaitsAndIsRefusedOnceItCommits()
    {
        var user = await AddUserAsync(_database, "race", uploadLimit: 100);
        await using var a = _database.CreateContext();
        await using var b = _database.CreateContext();
        await using var transactionA = await a.Database.BeginTransactionAsync();
        var chargeA = await new CreditLedger(a).ChargeUploadAsync(user.Id, 60, CancellationToken.None);
        Assert.That(chargeA.Allowed, Is.True);

        var pidB = await LockWaits.OpenAndGetBackendPidAsync(b);
        var chargeB = Task.Run(() => new CreditLedger(b).ChargeUploadAsync(user.Id, 50, CancellationToken.None));
        await LockWaits.WaitUntilBlockedAsync(_database.ConnectionString, pidB, chargeB);
        await transactionA.CommitAsync();

        var refused = await chargeB;

        Assert.That(refused.Allowed, Is.False, "60 + 50 would exceed the limit of 100");
        Assert.That(refused.RemainingBefore, Is.EqualTo(40), "what was left once A's charge committed");
        Assert.That((await ReloadAsync(user)).UploadedBytes, Is.EqualTo(60));
    }

    /// <summary>The same interleaving where both fit: B is charged after A, and what it had left is what A left.</summary>
    [Test]
    public async Task ChargeUpload_ConcurrentChargesThatBothFit_AreBothChargedInTurn()
    {
        var user = await AddUserAsync(_database, "race", uploadLimit: 100);
        await using var a = _database.CreateContext();
        await using var b = _database.CreateContext();
        await using var transactionA = await a.Database.BeginTransactionAsync();
        Assert.That((await new CreditLedger(a).ChargeUploadAsync(user.Id, 30, CancellationToken.None)).Allowed, Is.True);

        var pidB = await LockWaits.OpenAndGetBackendPidAsync(b);
        var chargeB = Task.Run(() => new CreditLedger(b).ChargeUploadAsync(user.Id, 50, CancellationToken.None));
        await LockWaits.WaitUntilBlockedAsync(_database.ConnectionString, pidB, chargeB);
        await transactionA.CommitAsync();

        Assert.That(await chargeB, Is.EqualTo(new CreditCharge(true, 100, 70)));
        Assert.That((await ReloadAsync(user)).UploadedBytes, Is.EqualTo(80));
    }

    /// <summary>The same interleaving, A rolled back: B, which waited, then fits and is charged.</summary>
    [Test]
    public async Task ChargeUpload_ConcurrentChargeWhileAnotherRollsBack_IsChargedAfterTheWait()
    {
        var user = await AddUserAsync(_database, "race", uploadLimit: 100);
        await using var a = _database.CreateContext();
        await using var b = _database.CreateContext();
        await using var transactionA = await a.Database.BeginTransactionAsync();
        Assert.That((await new CreditLedger(a).ChargeUploadAsync(user.Id, 60, CancellationToken.None)).Allowed, Is.True);

        var pidB = await LockWaits.OpenAndGetBackendPidAsync(b);
        var chargeB = Task.Run(() => new CreditLedger(b).ChargeUploadAsync(user.Id, 50, CancellationToken.None));
        await LockWaits.WaitUntilBlockedAsync(_database.ConnectionString, pidB, chargeB);
        await transactionA.RollbackAsync();

        Assert.That(await chargeB, Is.EqualTo(new CreditCharge(true, 100, 100)));
        Assert.That((await ReloadAsync(user)).UploadedBytes, Is.EqualTo(50));
    }

    private async Task<CreditCharge> ChargeUploadAsync(User user, long bytes)
    {
        await using var db = _database.CreateContext();
        return await new CreditLedger(db).ChargeUploadAsync(user.Id, bytes, CancellationToken.None);
    }

    private async Task<CreditCharge> ChargeDownloadAsync(User user, long bytes)
    {
        await using var db = _database.CreateContext();
        return await new CreditLedger(db).ChargeDownloadAsync(user.Id, bytes, CancellationToken.None);
    }

    private async Task<User> ReloadAsync(User user)
    {
        await using var db = _database.CreateContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
    }

    private async Task<string> RowVersionAsync(User user)
    {
        await using var db = _database.CreateContext();
        return await db.Database.SqlQuery<string>($"SELECT xmin::text AS \"Value\" FROM users WHERE id = {user.Id}").SingleAsync();
    }
}
