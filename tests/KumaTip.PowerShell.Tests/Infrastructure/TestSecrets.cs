using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>Credentials and self-signed PFX files made per test, so no key material is checked in.</summary>
public static class TestSecrets
{
    public static PSCredential Credential(string user, string password) => new(user, Secure(password));

    public static SecureString Secure(string value) => new NetworkCredential(string.Empty, value).SecurePassword;

    public static string WritePfx(string directory, string fileName, string password, TimeSpan? validFor = null, TimeSpan? startedAgo = null, string subject = "CN=kumatip-engine-test")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var notBefore = DateTimeOffset.UtcNow - (startedAgo ?? TimeSpan.FromDays(1));
        using var certificate = request.CreateSelfSigned(notBefore, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromDays(365)));
        var path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    public static string WriteCaPem(string directory, string fileName, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>Fails when any file under <paramref name="directory"/> holds one of <paramref name="secrets"/> as UTF-8 or UTF-16LE.</summary>
    public static void AssertNotInFiles(string directory, params string[] secrets)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            foreach (var secret in secrets)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                {
                    Assert.False(content.AsSpan().IndexOf(encoding.GetBytes(secret)) >= 0,
                        $"'{Path.GetFileName(file)}' holds a secret value in plain text ({encoding.WebName}).");
                }
            }
        }
    }
}
