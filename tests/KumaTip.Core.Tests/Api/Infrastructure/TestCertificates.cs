using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>A throw-away PKI for the transport tests: two CAs, servers and clients issued by each. Built once per run.</summary>
public sealed class TestCertificates : IDisposable
{
    public const string PfxPassword = "pfx-Secret-4711";

    private static readonly Lazy<TestCertificates> Shared = new(() => new TestCertificates());

    private TestCertificates()
    {
        Ca = CreateCa("CN=KumaTip Test CA");
        OtherCa = CreateCa("CN=KumaTip Other CA");
        Server = Issue(Ca, "CN=localhost", server: true, "localhost");
        ServerFromOtherCa = Issue(OtherCa, "CN=localhost", server: true, "localhost");
        ServerForOtherHost = Issue(Ca, "CN=other.example", server: true, "other.example");
        Client = Issue(Ca, "CN=kumatip-client", server: false);
        ClientFromOtherCa = Issue(OtherCa, "CN=kumatip-client", server: false);
        Intermediate = CreateCa("CN=KumaTip Test Intermediate", Ca);
        ServerFromIntermediate = Issue(Intermediate, "CN=localhost", server: true, "localhost");
        ServerWithoutServerAuth = Issue(Ca, "CN=localhost", server: false, "localhost");
    }

    public static TestCertificates Instance => Shared.Value;

    public X509Certificate2 Ca { get; }
    public X509Certificate2 OtherCa { get; }
    public X509Certificate2 Server { get; }
    public X509Certificate2 ServerFromOtherCa { get; }
    public X509Certificate2 ServerForOtherHost { get; }
    public X509Certificate2 Client { get; }
    public X509Certificate2 ClientFromOtherCa { get; }

    /// <summary>A CA issued by <see cref="Ca"/>; servers it issues must send it along.</summary>
    public X509Certificate2 Intermediate { get; }
    public X509Certificate2 ServerFromIntermediate { get; }

    /// <summary>Issued by <see cref="Ca"/> for localhost, but for client authentication only (no serverAuth EKU).</summary>
    public X509Certificate2 ServerWithoutServerAuth { get; }

    public string CaPem => ToPem(Ca);
    public string OtherCaPem => ToPem(OtherCa);

    public static byte[] ToPfx(X509Certificate2 certificate) => certificate.Export(X509ContentType.Pkcs12, PfxPassword);

    public static string ToPem(X509Certificate2 certificate) =>
        "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(certificate.RawData, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n";

    public void Dispose()
    {
        foreach (var c in new[] { Ca, OtherCa, Server, ServerFromOtherCa, ServerForOtherHost, Client, ClientFromOtherCa, Intermediate, ServerFromIntermediate, ServerWithoutServerAuth }) c.Dispose();
    }

    private static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer == null)
        {
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return Reload(ca);
        }

        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(180), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server, string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
        if (dnsName != null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            if (dnsName == "localhost")
            {
                san.AddIpAddress(IPAddress.Loopback);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    // A PKCS#12 round trip gives a certificate whose key every TLS stack accepts (and no SYSLIB0057).
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, PfxPassword), PfxPassword, X509KeyStorageFlags.Exportable);
}
