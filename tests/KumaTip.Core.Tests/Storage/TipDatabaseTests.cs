using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Tests.Storage;

public sealed class TipDatabaseTests
{
    [Fact]
    public void Database_and_its_folder_are_owner_only_on_unix()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDirectory();
        var home = temp.Combine("home");
        using (var db = new TipDatabase(home))
        {
            db.Db.GetCollection("probe").Insert(new BsonDocument { ["x"] = 1 });
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, TipDatabase.FileName)));
    }

    [Fact]
    public void Every_file_KumaTip_makes_in_the_data_directory_is_owner_only_including_LiteDBs_log()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDirectory();
        var home = temp.Combine("home");
        using (var workspace = new TipWorkspace(home))
        {
            // No checkpoint at close: LiteDB's log file stays after the write, as it does while the file is in use.
            workspace.Database.Db.Pragma("CHECKPOINT", 0);
            workspace.Database.Db.GetCollection("probe").Insert(new BsonDocument { ["x"] = 1 });
            workspace.Protector.ProtectString("creates the key file");
        }

        var files = Directory.GetFiles(home).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { "kumatip-log.db", TipDatabase.FileName, "secrets.key" }, files);
        // LiteDB creates its log with the process umask (0644 under the usual 022): it is made 0600 before LiteDB opens it.
        foreach (var file in files) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, file!)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
    }

    [Fact]
    public void A_log_file_an_earlier_version_left_readable_by_others_is_made_owner_only_at_open()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDirectory();
        using (var db = new TipDatabase(temp.Path))
        {
            db.Db.Pragma("CHECKPOINT", 0);
            db.Db.GetCollection("probe").Insert(new BsonDocument { ["x"] = 1 });
        }
        var log = temp.Combine("kumatip-log.db");
        File.SetUnixFileMode(log, (UnixFileMode)0x1A4); // 0644

        using (new TipDatabase(temp.Path))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
    }

    [Fact]
    public void Two_open_handles_share_one_file()
    {
        using var temp = new TempDirectory();
        using var first = new TipDatabase(temp.Path);
        using var second = new TipDatabase(temp.Path);
        first.Db.GetCollection("probe").Insert(new BsonDocument { ["_id"] = 1 });
        second.Db.GetCollection("probe").Insert(new BsonDocument { ["_id"] = 2 });
        Assert.Equal(2, first.Db.GetCollection("probe").Count());
    }

    [Fact]
    public void A_transaction_commits_when_its_work_returns_and_keeps_nothing_when_it_throws()
    {
        using var temp = new TempDirectory();
        using var db = new TipDatabase(temp.Path);
        var probe = db.Db.GetCollection("probe");

        var id = db.InTransaction(() => probe.Insert(new BsonDocument { ["_id"] = 1 }));
        var failure = Assert.Throws<InvalidOperationException>(() => db.InTransaction(() =>
        {
            probe.Insert(new BsonDocument { ["_id"] = 2 });
            throw new InvalidOperationException("half way");
        }));

        Assert.Equal(1, id.AsInt32);
        Assert.Equal("half way", failure.Message);
        using var other = new TipDatabase(temp.Path);
        Assert.Equal(new[] { 1 }, other.Db.GetCollection("probe").FindAll().Select(d => d["_id"].AsInt32));
        // The failed transaction is over: the next one works on this thread.
        db.InTransaction(() => probe.Insert(new BsonDocument { ["_id"] = 3 }));
        Assert.Equal(2, other.Db.GetCollection("probe").Count());
    }

    [Fact]
    public async Task A_transaction_inside_another_on_the_same_thread_is_refused()
    {
        using var temp = new TempDirectory();
        using var db = new TipDatabase(temp.Path);
        var probe = db.Db.GetCollection("probe");

        var refused = Assert.Throws<InvalidOperationException>(() => db.InTransaction(() =>
        {
            probe.Insert(new BsonDocument { ["_id"] = 1 });
            db.InTransaction(() => probe.Insert(new BsonDocument { ["_id"] = 2 }));
        }));

        Assert.Contains("inside another", refused.Message);
        // The outer transaction was undone, and the file is free for other threads (and processes) at once.
        var write = Task.Run(() =>
        {
            using var other = new TipDatabase(temp.Path);
            other.Db.GetCollection("probe").Insert(new BsonDocument { ["_id"] = 3 });
            return other.Db.GetCollection("probe").FindAll().Select(d => d["_id"].AsInt32).ToArray();
        });
        // A TimeoutException here: another thread could not write after the refused nesting.
        Assert.Equal(new[] { 3 }, await write.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void KUMATIP_HOME_names_the_data_directory()
    {
        var previous = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, "/tmp/kumatip-elsewhere");
            Assert.Equal("/tmp/kumatip-elsewhere", DataDirectory.Resolve());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, previous);
        }
    }
}
