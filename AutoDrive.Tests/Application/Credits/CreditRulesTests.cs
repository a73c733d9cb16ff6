using AutoDrive.Application.Credits;
using AutoDrive.Domain.Common;
using Moq;

namespace AutoDrive.Tests.Application.Credits;

public class CreditRulesTests
{
    [TestCase(null, 1_000_000L)]
    [TestCase(100L, 100L)]
    [TestCase(100L, 0L)]
    [TestCase(0L, 0L)]
    public void EnsureUploadFits_WithinTheCredits_Passes(long? pending, long bytes)
    {
        Assert.DoesNotThrow(() => CreditRules.EnsureUploadFits(pending, bytes));
    }

    [TestCase(100L, 101L)]
    [TestCase(0L, 1L)]
    public void EnsureUploadFits_BeyondTheCredits_ThrowsQuotaExceeded(long pending, long bytes)
    {
        var error = Assert.Throws<DomainException>(() => CreditRules.EnsureUploadFits(pending, bytes));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.QuotaExceeded));
        Assert.That(error.Message, Does.Contain($"{bytes} bytes").And.Contain($"{pending} bytes are left"));
    }

    [Test]
    public async Task ChargeUpload_Allowed_Passes()
    {
        var ledger = Ledger(upload: new CreditCharge(true, 100, 100));

        await CreditRules.ChargeUploadOrRefuseAsync(ledger.Object, Guid.NewGuid(), 60, CancellationToken.None);

        ledger.Verify(l => l.ChargeUploadAsync(It.IsAny<Guid>(), 60, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task ChargeUpload_Refused_ThrowsQuotaExceededNamingTheLimit()
    {
        var ledger = Ledger(upload: new CreditCharge(false, 100, 40));

        var error = await Assert.ThrowsAsync<DomainException>(() => CreditRules.ChargeUploadOrRefuseAsync(ledger.Object, Guid.NewGuid(), 60, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.QuotaExceeded));
        Assert.That(error.Message, Does.Contain("60 bytes").And.Contain("40 bytes are left").And.Contain("of 100 bytes"));
    }

    [Test]
    public async Task ChargeDownload_Refused_ThrowsQuotaExceededNamingTheLimit()
    {
        var ledger = Ledger(download: new CreditCharge(false, 512, 10));

        var error = await Assert.ThrowsAsync<DomainException>(() => CreditRules.ChargeDownloadOrRefuseAsync(ledger.Object, Guid.NewGuid(), 11, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.QuotaExceeded));
        Assert.That(error.Message, Does.Contain("download").And.Contain("10 bytes are left").And.Contain("of 512 bytes"));
    }

    [Test]
    public async Task ChargeDownload_Unmetered_Passes()
    {
        var ledger = Ledger(download: CreditCharge.Unmetered);

        await CreditRules.ChargeDownloadOrRefuseAsync(ledger.Object, Guid.NewGuid(), long.MaxValue, CancellationToken.None);

        ledger.Verify(l => l.ChargeDownloadAsync(It.IsAny<Guid>(), long.MaxValue, It.IsAny<CancellationToken>()), Times.Once);
    }

    private static Mock<ICreditLedger> Ledger(CreditCharge? upload = null, CreditCharge? download = null)
    {
        var ledger = new Mock<ICreditLedger>();
        ledger.Setup(l => l.ChargeUploadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(upload ?? CreditCharge.Unmetered);
        ledger.Setup(l => l.ChargeDownloadAsync(It.IsAny<Guid>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(download ?? CreditCharge.Unmetered);
        return ledger;
    }
}
