using KumaTip.Core.Lookups;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Secrets;
using Xunit.Abstractions;

namespace KumaTip.Core.Tests.Storage;

/// <summary>
/// A data directory (or data file) this user cannot write still serves the commands that only read, and refuses the
/// ones that write with one error naming the directory and saying it is read-only. It used to refuse everything: the
/// open set permissions and LiteDB opened the file for writing.
/// </summary>
public sealed class ReadOnlyDataDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;
    private readonly string _home;

    public ReadOnlyDataDirectoryTests(ITestOutputHelper output)
    {
        _output = output;
        _home = _temp.Combine("home");
        using var workspace = new TipWorkspace(_home);
        workspace.Secrets.Add(new NewSecret
        {
            Name = "prod",
            User = "analyst",
            Password = "pw-not-shown",
            Certificate = TestCertificates.ValidPfx("pfx-pw"),
            CertificatePassword = "pfx-pw",
        });
        workspace.Settings.Update("Main", new SettingsUpdate { Secret = "prod", MaxRecords = 25 });
    }

    public void Dispose() => _temp.Dispose();

    private static void AssertReads(TipWorkspace workspace)
    {
        Assert.True(workspace.Database.IsReadOnly);
        Assert.Equal(25, workspace.Settings.Get("Main").MaxRecords);
        Assert.Equal("prod", Assert.Single(workspace.Secrets.List("Main")).Name);
        var service = new LookupService(workspace.Database, _ => throw new InvalidOperationException("no requests here"));
        Assert.Empty(service.GetTasks());
        Assert.Empty(service.GetCached("Main", _ => true));
        Assert.Equal(0, workspace.LicenseReporter.Get("Main").RequestsTotal);
    }

    private void AssertRefused(Action write)
    {
        var refused = Assert.Throws<TipStorageException>(write);
        Assert.Equal(TipStorageProblem.ReadOnly, refused.Problem);
        Assert.Contains("data directory '" + _home + "' is read-only", refused.Message);
        Assert.Contains("Get-TipLookup", refused.Message);
    }

    [Fact]
    public void A_read_only_directory_serves_reads_and_refuses_writes_naming_it()
    {
        using var readOnly = ReadOnlyPath.Make(_home, _output);
        if (readOnly == null) return;

        using (var workspace = new TipWorkspace(_home, StorageAccess.Read))
        {
            AssertReads(workspace);
            AssertRefused(() => workspace.Settings.Update("Main", new SettingsUpdate { MaxRecords = 30 }));
        }
        AssertRefused(() => new TipWorkspace(_home, StorageAccess.Write).Dispose());
        Assert.Equal(new[] { "kumatip.db", "secrets.key" }, Directory.GetFiles(_home).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_read_only_data_file_serves_reads_and_refuses_writes_naming_it()
    {
        using var readOnly = ReadOnlyPath.Make(Path.Combine(_home, TipDatabase.FileName), _output);
        if (readOnly == null) return;

        using (var workspace = new TipWorkspace(_home, StorageAccess.Read))
        {
            AssertReads(workspace);
            AssertRefused(() => workspace.Database.Db.GetCollection("probe").Insert(new LiteDB.BsonDocument { ["_id"] = 1 }));
        }
        AssertRefused(() => new TipWorkspace(_home, StorageAccess.Write).Dispose());
    }

    [Fact]
    public async Task Damage_met_in_a_read_only_directory_is_reported_at_once()
    {
        var dataFile = Path.Combine(_home, TipDatabase.FileName);
        foreach (var page in DataFileBytes.PagesOfType(dataFile, 2)) DataFileBytes.Overwrite(dataFile, page * DataFileBytes.PageSize + 4, 0x55);
        using var readOnly = ReadOnlyPath.Make(_home, _output);
        if (readOnly == null) return;

        // LiteDB marks a damaged file by writing a flag into it; that write must fail, not retry for a minute.
        var read = Task.Run(() =>
        {
            using var workspace = new TipWorkspace(_home, StorageAccess.Read);
            workspace.Secrets.List("Main");
        });
        var damaged = await Assert.ThrowsAsync<TipStorageException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(TipStorageProblem.Damaged, damaged.Problem);
    }

    [Fact]
    public void A_read_only_directory_without_a_data_file_says_so()
    {
        var empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);
        using var readOnly = ReadOnlyPath.Make(empty, _output);
        if (readOnly == null) return;

        var refused = Assert.Throws<TipStorageException>(() => new TipWorkspace(empty, StorageAccess.Read).Dispose());

        Assert.Equal(TipStorageProblem.ReadOnly, refused.Problem);
        Assert.Contains("it holds no data file yet", refused.Message);
    }
}
