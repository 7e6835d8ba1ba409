namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>
/// A test that needs the openssl command (a TLS server that refuses client certificates with a real alert, which .NET's
/// own server does not send) and a Linux client (where .NET reports the alert in OpenSSL's words). Without openssl the
/// test is reported as skipped on a developer machine, and runs — and fails, saying what to install — when CI=true, so
/// CI can never pass without having run it.
/// </summary>
public sealed class OpenSslTheoryAttribute : TheoryAttribute
{
    public OpenSslTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "The server's TLS alert is read from OpenSSL's error text, which .NET reports on Linux only.";
            return;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (OpenSslServer.FindOpenSsl() == null && !onCi)
        {
            Skip = "The openssl command is not on PATH (apt-get install -y openssl); CI=true makes this a failure.";
        }
    }
}
