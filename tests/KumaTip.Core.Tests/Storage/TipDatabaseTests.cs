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
