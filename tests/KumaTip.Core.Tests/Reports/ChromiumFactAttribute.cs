namespace KumaTip.Core.Tests.Reports;

/// <summary>
/// A fact that needs Debian's chromium. Without it the test is reported as skipped on a developer machine, and runs —
/// and fails, saying what to install — when CI=true, so CI can never pass without having run it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(ChromiumPath) && !onCi)
        {
            Skip = "Chromium is not installed at " + ChromiumPath + " (apt-get install -y chromium); CI=true makes this a failure.";
        }
    }
}
