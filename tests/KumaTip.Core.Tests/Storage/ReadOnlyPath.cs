using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace KumaTip.Core.Tests.Storage;

/// <summary>
/// Makes a directory or file read-only for this process by a mechanism that holds for the user running the tests:
/// chmod a-w for an ordinary user; for root, whom permission bits do not stop, the immutable attribute (chattr +i),
/// which refuses writes even to root. Undone on dispose.
/// </summary>
internal sealed class ReadOnlyPath : IDisposable
{
    private readonly string _path;
    private readonly bool _immutable;
    private readonly UnixFileMode _mode;

    private ReadOnlyPath(string path, bool immutable, UnixFileMode mode)
    {
        _path = path;
        _immutable = immutable;
        _mode = mode;
    }

    /// <summary>
    /// The read-only path, or null when neither mechanism is available here (Windows; root without chattr or on a file
    /// system without attributes). Under CI=true that fails the test instead: CI must run every part.
    /// </summary>
    public static ReadOnlyPath? Make(string path, ITestOutputHelper output)
    {
        if (OperatingSystem.IsWindows()) return Unavailable("Windows: these tests use Unix permissions", output);
        var mode = File.GetUnixFileMode(path);
        if (geteuid() != 0)
        {
            File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            return new ReadOnlyPath(path, false, mode);
        }
        var (code, error) = Chattr("+i", path);
        return code == 0
            ? new ReadOnlyPath(path, true, mode)
            : Unavailable("running as root, where chmod does not stop writes, and chattr +i failed (" + error.Trim() + ")", output);
    }

    private static ReadOnlyPath? Unavailable(string why, ITestOutputHelper output)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("A read-only path cannot be made: " + why);
        output.WriteLine("Not run: a read-only path cannot be made here: " + why);
        return null;
    }

    private static (int Code, string Error) Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", new[] { flag, path }) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }

    public void Dispose()
    {
        if (_immutable) Chattr("-i", _path);
        else if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_path, _mode);
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
