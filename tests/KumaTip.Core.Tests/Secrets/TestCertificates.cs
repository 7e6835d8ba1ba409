using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KumaTip.Core.Tests.Secrets;

/// <summary>Self-signed client certificates made on the fly, so no key material is checked in.</summary>
public static class TestCertificates
{
    public static byte[] Pfx(string password, DateTimeOffset notBefore, DateTimeOffset notAfter, string subject = "CN=kumatip-test-client")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return certificate.Export(X509ContentType.Pfx, password);
    }

    public static byte[] ValidPfx(string password, string subject = "CN=kumatip-test-client")
        => Pfx(password, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), subject);

    /// <summary>A PFX holding only the certificate, no private key.</summary>
    public static byte[] PfxWithoutKey(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=no-key", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.Export(X509ContentType.Cert));
        return new X509Certificate2Collection(publicOnly).Export(X509ContentType.Pfx, password)!;
    }

    /// <summary>A CA certificate as PEM text.</summary>
    public static string CaPem(string subject = "CN=kumatip-test-ca")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem();
    }
}
