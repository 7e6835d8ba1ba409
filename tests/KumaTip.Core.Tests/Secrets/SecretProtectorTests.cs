using System.Text;
using KumaTip.Core.Secrets;

namespace KumaTip.Core.Tests.Secrets;

public sealed class SecretProtectorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Value_round_trips_and_the_blob_does_not_contain_it()
    {
        var protector = new SecretProtector(_temp.Path);
        var blob = protector.ProtectString("pa55-word-ünïcode");

        Assert.Equal("pa55-word-ünïcode", protector.UnprotectString(blob));
        Assert.False(Encoding.UTF8.GetString(blob).Contains("pa55", StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public void Same_value_encrypts_differently_each_time()
    {
        var protector = new SecretProtector(_temp.Path);
        Assert.NotEqual(protector.ProtectString("same"), protector.ProtectString("same"));
    }

    [Fact]
    public void Another_protector_on_the_same_directory_reads_the_value()
    {
        var blob = new SecretProtector(_temp.Path).ProtectString("shared");
        Assert.Equal("shared", new SecretProtector(_temp.Path).UnprotectString(blob));
    }

    [Theory]
    [InlineData(0)]    // version byte
    [InlineData(2)]    // key id
    [InlineData(10)]   // IV
    [InlineData(30)]   // ciphertext
    [InlineData(-1)]   // tag
    public void Tampered_ciphertext_is_a_clear_error_not_garbage(int position)
    {
        var protector = new SecretProtector(_temp.Path);
        var blob = protector.ProtectString("do not change me");
        var index = position < 0 ? blob.Length - 1 : position;
        blob[index] ^= 0x01;

        var ex = Assert.Throws<TipSecretException>(() => protector.Unprotect(blob));
        Assert.True(ex.Error == TipSecretError.Tampered || ex.Error == TipSecretError.KeyMissing, ex.Error.ToString());
        Assert.Contains("Set-TipSecret", ex.Message);
    }

    [Fact]
    public void Truncated_ciphertext_is_reported_as_tampered()
    {
        var protector = new SecretProtector(_temp.Path);
        var blob = protector.ProtectString("value");
        var ex = Assert.Throws<TipSecretException>(() => protector.Unprotect(blob.Take(20).ToArray()));
        Assert.Equal(TipSecretError.Tampered, ex.Error);
    }

    [Fact]
    public void Missing_key_file_is_a_clear_error_naming_the_file()
    {
        var blob = new SecretProtector(_temp.Path).ProtectString("value");
        var keyPath = Path.Combine(_temp.Path, SecretProtector.KeyFileName);
        File.Delete(keyPath);

        var ex = Assert.Throws<TipSecretException>(() => new SecretProtector(_temp.Path).Unprotect(blob));
        Assert.Equal(TipSecretError.KeyMissing, ex.Error);
        Assert.Contains(keyPath, ex.Message);
        Assert.False(File.Exists(keyPath), "reading must not create a new key");
    }

    [Fact]
    public void Replaced_key_is_detected_before_decrypting()
    {
        var blob = new SecretProtector(_temp.Path).ProtectString("value");
        File.Delete(Path.Combine(_temp.Path, SecretProtector.KeyFileName));
        new SecretProtector(_temp.Path).ProtectString("creates a new key");

        var ex = Assert.Throws<TipSecretException>(() => new SecretProtector(_temp.Path).Unprotect(blob));
        Assert.Equal(TipSecretError.KeyMissing, ex.Error);
        Assert.Contains("different key", ex.Message);
    }

    [Fact]
    public void Key_file_is_owner_only_on_unix()
    {
        if (OperatingSystem.IsWindows()) return;
        var home = _temp.Combine("home");
        new SecretProtector(home).ProtectString("value");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, SecretProtector.KeyFileName)));
        Assert.Single(Directory.GetFiles(home));
    }
}
