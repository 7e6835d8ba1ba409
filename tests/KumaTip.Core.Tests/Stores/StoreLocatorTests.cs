using System.Text;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores;

namespace KumaTip.Core.Tests.Stores;

/// <summary>Which store a user's commands use, and that its password never shows: KUMATIP_STORE over the saved choice over LiteDB.</summary>
public sealed class StoreLocatorTests : IDisposable
{
    private const string Password = "Tr0ub4dor&3-never-shown";

    private readonly TempDirectory _home = new();
    private readonly TipWorkspace _workspace;
    private readonly StoreChoiceStore _saved;

    public StoreLocatorTests()
    {
        _workspace = new TipWorkspace(_home.Path);
        _saved = new StoreChoiceStore(_workspace);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _home.Dispose();
    }

    [Fact]
    public void Nothing_saved_and_no_environment_is_the_local_LiteDB_file()
    {
        var choice = StoreLocator.Resolve(_saved, null);

        Assert.Equal(StoreKind.LiteDb, choice.Kind);
        Assert.Equal(StoreSource.Default, choice.Source);
        Assert.Null(choice.ConnectionString);
    }

    [Fact]
    public void A_saved_PostgreSQL_store_keeps_its_password_out_of_the_connection_string_and_encrypted_on_disk()
    {
        _saved.SetPostgreSql($"Host=db.corp;Database=kumatip;Username=soc_analyst;Password={Password}");

        var choice = StoreLocator.Resolve(_saved, "  ");

        Assert.Equal((StoreKind.PostgreSql, StoreSource.Saved), (choice.Kind, choice.Source));
        Assert.Equal(("db.corp", 5432, "kumatip", "soc_analyst"), (choice.Server, choice.Port!.Value, choice.Database, choice.User));
        Assert.True(choice.HasPassword);
        Assert.Contains(Password, choice.ConnectionString);
        Assert.Equal("PostgreSQL soc_analyst@db.corp:5432/kumatip (saved)", choice.Describe());
        Assert.DoesNotContain(Password, choice.ToString());
        var stored = _workspace.Database.Db.GetCollection(StoreChoiceStore.Collection).FindById(StoreChoiceStore.DocumentId);
        Assert.DoesNotContain(Password, stored.ToString());
        Assert.DoesNotContain("Password", stored["ConnectionString"].AsString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_data_file_never_holds_the_password_in_the_clear()
    {
        _saved.SetPostgreSql("Host=db.corp;Database=kumatip", "soc_analyst", Password);
        _workspace.Database.Db.Checkpoint();

        foreach (var file in Directory.GetFiles(_home.Path))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(Password, Encoding.UTF8.GetString(bytes));
            Assert.DoesNotContain(Password, Encoding.Unicode.GetString(bytes));
        }
    }

    [Fact]
    public void A_credentials_user_overrides_Username_and_its_password_the_one_in_the_string()
    {
        var choice = _saved.SetPostgreSql("Host=db.corp;Database=kumatip;Username=someone;Password=old-one", "soc_analyst", Password);

        Assert.Equal("soc_analyst", choice.User);
        Assert.Contains("Password=" + Password, choice.ConnectionString);
        Assert.DoesNotContain("old-one", choice.ConnectionString);
        Assert.Equal("soc_analyst", _saved.Get().User);
        Assert.Contains(Password, _saved.Get().ConnectionString);
    }

    [Fact]
    public void KUMATIP_STORE_overrides_the_saved_choice()
    {
        _saved.SetPostgreSql("Host=db.corp;Database=kumatip;Username=soc_analyst", null, Password);

        var choice = StoreLocator.Resolve(_saved, "Host=runbooks-db;Port=6432;Database=team;Username=runbook");

        Assert.Equal((StoreKind.PostgreSql, StoreSource.Environment), (choice.Kind, choice.Source));
        Assert.Equal(("runbooks-db", 6432, "team", "runbook"), (choice.Server, choice.Port!.Value, choice.Database, choice.User));
        Assert.False(choice.HasPassword); // Npgsql finds it in PGPASSWORD or pgpass
        Assert.Equal("PostgreSQL runbook@runbooks-db:6432/team (from KUMATIP_STORE)", choice.Describe());
    }

    [Fact]
    public void Going_back_to_LiteDB_forgets_the_saved_password()
    {
        _saved.SetPostgreSql("Host=db.corp;Database=kumatip;Username=soc_analyst", null, Password);

        _saved.SetLiteDb();

        var choice = StoreLocator.Resolve(_saved, null);
        Assert.Equal((StoreKind.LiteDb, StoreSource.Saved), (choice.Kind, choice.Source));
        var stored = _workspace.Database.Db.GetCollection(StoreChoiceStore.Collection).FindById(StoreChoiceStore.DocumentId);
        Assert.True(stored["Password"].IsNull);
        Assert.True(stored["ConnectionString"].IsNull);
    }

    [Fact]
    public void A_saved_password_that_cannot_be_decrypted_names_the_store_and_how_to_save_it_again()
    {
        _saved.SetPostgreSql("Host=db.corp;Database=kumatip;Username=soc_analyst", null, Password);
        using var otherHome = new TempDirectory();
        _workspace.Database.Db.Checkpoint();
        File.Copy(_workspace.Database.Path, Path.Combine(otherHome.Path, TipDatabase.FileName));
        using var copied = new TipWorkspace(otherHome.Path); // another machine: another key

        var ex = Assert.Throws<TipStoreException>(() => StoreLocator.Resolve(new StoreChoiceStore(copied), null));

        Assert.Equal(TipStoreProblem.SavedPasswordUnreadable, ex.Problem);
        Assert.Contains("soc_analyst@db.corp:5432/kumatip", ex.Message);
        Assert.Contains("Set-TipStore -PostgreSql -ConnectionString", ex.Message);
        Assert.DoesNotContain(Password, ex.ToString());
    }

    [Theory]
    [InlineData("Host=db.corp;Databse=kumatip", "'databse', which Npgsql does not know")]
    [InlineData("Host=db.corp;Port=five", "sets 'port' to 'five'")]
    [InlineData("Database=kumatip;Username=x", "names no server. Add Host=")]
    [InlineData("   ", "is empty")]
    public void A_bad_connection_string_is_refused_naming_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<TipStoreException>(() => _saved.SetPostgreSql(text));

        Assert.Equal(TipStoreProblem.InvalidConnectionString, ex.Problem);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(StoreSource.Default, _saved.Get().Source); // nothing saved
    }

    [Theory]
    [InlineData("Host=db.corp;Password=" + Password + "\"")]           // a stray quote: not keyword=value pairs
    [InlineData("Host=db.corp;Password=Tr0ub4dor;&3-never-shown=1")]   // an unquoted ';' inside the password
    [InlineData("Host=db.corp;Password=\"Tr0ub4dor&3-never-shown")]
    [InlineData("Host=db.corp;SSL Password=Tr0ub4dor&3-never-shown")]    // a client key's password: never stored in the clear
    [InlineData("Host=db.corp;SslPassword=Tr0ub4dor&3-never-shown")]
    public void A_refused_connection_string_never_echoes_the_password_or_a_piece_of_it(string text)
    {
        var ex = Assert.Throws<TipStoreException>(() => _saved.SetPostgreSql(text));

        Assert.Equal(TipStoreProblem.InvalidConnectionString, ex.Problem);
        Assert.DoesNotContain("Tr0ub4dor", ex.ToString());
        Assert.DoesNotContain("never-shown", ex.ToString());
    }

    [Fact]
    public void A_bad_KUMATIP_STORE_is_refused_naming_the_variable_and_not_the_password()
    {
        var ex = Assert.Throws<TipStoreException>(() => StoreLocator.Resolve(_saved, "Host=db.corp;Password=" + Password + ";Prot=1"));

        Assert.Contains(StoreLocator.EnvironmentVariable, ex.Message);
        Assert.DoesNotContain(Password, ex.ToString());
    }

    [Fact]
    public void The_static_entry_reads_the_saved_choice_of_a_workspace()
    {
        _saved.SetPostgreSql("Host=db.corp;Database=kumatip;Username=soc_analyst");
        var before = Environment.GetEnvironmentVariable(StoreLocator.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(before)) return; // a developer's shell with KUMATIP_STORE set: covered above

        var choice = StoreChoice.Resolve(_workspace);

        Assert.Equal(("db.corp", StoreSource.Saved), (choice.Server, choice.Source));
    }
}
