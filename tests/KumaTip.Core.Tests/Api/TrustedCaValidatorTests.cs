using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;

namespace KumaTip.Core.Tests.Api;

/// <summary>
/// The validator on its own, for what a TLS server cannot be made to send: Kestrel refuses to serve a certificate
/// without the serverAuth usage, so the platform's "untrusted root" verdict is given directly here.
/// </summary>
public sealed class TrustedCaValidatorTests
{
    private static TrustedCaValidator TrustingTheTestCa() => new(new X509Certificate2Collection(TestCertificates.Instance.Ca));

    [Fact]
    public void Certificate_under_the_configured_ca_without_server_authentication_usage_is_refused()
    {
        var accepted = TrustingTheTestCa().Validate(TestCertificates.Instance.ServerWithoutServerAuth, null, SslPolicyErrors.RemoteCertificateChainErrors, out var refusal);

        Assert.False(accepted);
        Assert.Contains("serverAuth", refusal);
    }

    [Fact]
    public void Server_certificate_under_the_configured_ca_is_accepted_without_a_refusal()
    {
        var accepted = TrustingTheTestCa().Validate(TestCertificates.Instance.Server, null, SslPolicyErrors.RemoteCertificateChainErrors, out var refusal);

        Assert.True(accepted);
        Assert.Null(refusal);
    }

    [Fact]
    public void Each_call_gets_its_own_refusal()
    {
        var validator = TrustingTheTestCa();

        validator.Validate(TestCertificates.Instance.ServerFromOtherCa, null, SslPolicyErrors.RemoteCertificateChainErrors, out var refused);
        validator.Validate(TestCertificates.Instance.Server, null, SslPolicyErrors.RemoteCertificateChainErrors, out var accepted);

        Assert.Contains("KumaTip Other CA", refused);
        Assert.Null(accepted);
    }
}
