using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KumaTip.Simulator.Certificates;

/// <summary>
/// The simulator's own PKI: a CA, a server certificate for localhost/127.0.0.1 and one client certificate,
/// created on first start in the state folder and reused afterwards.
/// </summary>
internal sealed class SimulatorCertificates : IDisposable
{
    public const string CaPemFile = "ca.pem";
    public const string ClientPfxFile = "client.pfx";
    private const string ServerPfxFile = "server.pfx";
    private const string CaPfxFile = "ca.pfx";

    private SimulatorCertificates(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Loads the PKI from <paramref name="directory"/>, creating all of it when any piece is missing.</summary>
    public static SimulatorCertificates LoadOrCreate(string directory, string pfxPassword, string serverPfxPassword)
    {
        var caPem = Path.Combine(directory, CaPemFile);
        var serverPfx = Path.Combine(directory, ServerPfxFile);
        var clientPfx = Path.Combine(directory, ClientPfxFile);
        if (!File.Exists(caPem) || !File.Exists(serverPfx) || !File.Exists(clientPfx))
        {
            Create(directory, pfxPassword, serverPfxPassword);
        }

        var ca = X509CertificateLoader.LoadCertificateFromFile(caPem);
        var server = X509CertificateLoader.LoadPkcs12FromFile(serverPfx, serverPfxPassword);
        return new SimulatorCertificates(ca, server);
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA (revocation is not checked: the simulator publishes no CRL).</summary>
    public bool IsIssuedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        try
        {
            return chain.Build(certificate);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate)) element.Certificate.Dispose();
            }
        }
    }

    private static void Create(string directory, string pfxPassword, string serverPfxPassword)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=KumaTip Simulator CA, O=KumaTip", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(10));

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        using var server = IssueLeaf(ca, "CN=localhost", "1.3.6.1.5.5.7.3.1", san.Build(), now);
        using var client = IssueLeaf(ca, "CN=KumaTip Simulator Client, O=KumaTip", "1.3.6.1.5.5.7.3.2", null, now);

        // Write the secrets first and the CA last: a crash in between leaves "ca.pem missing", which regenerates all.
        WritePrivate(Path.Combine(directory, ServerPfxFile), server.Export(X509ContentType.Pkcs12, serverPfxPassword));
        WritePrivate(Path.Combine(directory, ClientPfxFile), client.Export(X509ContentType.Pkcs12, pfxPassword));
        WritePrivate(Path.Combine(directory, CaPfxFile), ca.Export(X509ContentType.Pkcs12, serverPfxPassword));
        File.WriteAllText(Path.Combine(directory, CaPemFile), ca.ExportCertificatePem() + "\n");
    }

    private static X509Certificate2 IssueLeaf(X509Certificate2 ca, string subject, string ekuOid, X509Extension? san, DateTimeOffset notBefore)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(ekuOid) }, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (san is not null) request.CertificateExtensions.Add(san);

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F; // positive
        using var publicOnly = request.Create(ca, notBefore, notBefore.AddYears(2), serial);
        return publicOnly.CopyWithPrivateKey(key);
    }

    internal static void WritePrivate(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        RestrictToOwner(path);
    }

    internal static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
