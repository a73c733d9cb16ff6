using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// A throwaway self-signed TLS certificate for 127.0.0.1 and localhost, written as PEM (<c>cert.pem</c>, which
/// clients trust explicitly, and <c>key.pem</c>) for Kestrel's standard <c>Kestrel:Certificates:Default</c>
/// configuration. Its profile is that of <c>openssl req -x509 -addext subjectAltName=...</c> (a self-signed CA
/// certificate that is also the server's), which OpenSSL (Python, Node), Go (rclone) and .NET all accept as a trust
/// anchor; strict verifiers also find the key usages and key identifiers they ask for.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    /// <summary>The certificate (public part only): the one root a .NET client trusts.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM: what clients are told to trust (AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, --ca-cert).</summary>
    public string CertificatePath { get; }

    /// <summary>The private key as PKCS#8 PEM, readable by its owner only.</summary>
    public string KeyPath { get; }

    public static TestCertificate CreateIn(string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=AutoDrive test server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var subjectKeyIdentifier = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyIdentifier);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyIdentifier));

        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificatePath, withKey.ExportCertificatePem() + "\n");
        var keyOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var keyFile = new StreamWriter(keyPath, keyOptions))
        {
            keyFile.Write(key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        return new TestCertificate(X509CertificateLoader.LoadCertificate(withKey.RawData), certificatePath, keyPath);
    }

    public void Dispose() => Certificate.Dispose();
}
