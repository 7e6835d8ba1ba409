using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using KumaTip.Core.Tests.Storage;
using KumaTip.PowerShell.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// What the user sees of a damaged, busy or read-only data file on the real engine: one terminating TipStorageFailed
/// error naming the file (category InvalidData, ResourceBusy, PermissionDenied), and Repair-TipDataStore, which moves a
/// damaged file aside only when asked.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class DataStoreCmdletTests : IClassFixture<SimulatorHost>, IDisposable
{
    private readonly SimulatorHost _sim;
    private readonly ITestOutputHelper _output;
    private readonly ModuleHost _host = new();

    public DataStoreCmdletTests(SimulatorHost sim, ITestOutputHelper output)
    {
        _sim = sim;
        _output = output;
    }

    public void Dispose() => _host.Dispose();

    private string DataFile => Path.Combine(_host.Home, "kumatip.db");

    private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    private ErrorRecord StorageFailed(PsResult result, ErrorCategory category, string cmdlet)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal("TipStorageFailed,KumaTip.PowerShell.Commands." + cmdlet + "Command", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        return error;
    }

    [Fact]
    public void An_empty_data_file_stops_every_command_with_one_error_naming_it_and_is_left_as_it_is()
    {
        File.WriteAllBytes(DataFile, Array.Empty<byte>());

        var result = _host.Run("Get-TipSettings; 'after'");

        var error = StorageFailed(result, ErrorCategory.InvalidData, "GetTipSettings");
        Assert.Equal(DataFile, error.TargetObject);
        Assert.Contains("'" + DataFile + "' is damaged: it is empty (0 bytes)", error.Exception.Message);
        Assert.Contains("Repair-TipDataStore", error.Exception.Message);
        Assert.Equal(0, new FileInfo(DataFile).Length);
        // Statement-terminating: the script goes on, the command wrote nothing.
        Assert.Equal("after", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Damage_met_while_reading_is_the_same_error()
    {
        _sim.Configure(_host);
        var bytes = File.ReadAllBytes(DataFile);
        // Every collection page (page type 2 at byte 4 of each 8 KiB page) gets a type LiteDB does not expect.
        for (var page = 1; (page + 1) * 8192 <= bytes.Length; page++)
        {
            if (bytes[page * 8192 + 4] == 2) bytes[page * 8192 + 4] = 0x55;
        }
        File.WriteAllBytes(DataFile, bytes);

        var result = _host.Run("Get-TipSecret");

        var error = StorageFailed(result, ErrorCategory.InvalidData, "GetTipSecret");
        // Whichever collection the command meets first (the ledger's index is checked when the data directory opens).
        Assert.Matches("is damaged: (reading|changing) its [a-z ]+ failed \\(LiteDB: page type must be collection page\\)", error.Exception.Message);
        Assert.DoesNotContain(_sim.Simulator.Account.Password, result.AllText());
    }

    [Fact]
    public void Repair_TipDataStore_moves_a_damaged_file_aside_only_when_confirmed_and_starts_a_new_one()
    {
        File.WriteAllText(DataFile, "this is not a database");

        var whatIf = _host.Run("Repair-TipDataStore -WhatIf").AssertNoErrors();
        Assert.Empty(whatIf.Output);
        Assert.Equal("this is not a database", File.ReadAllText(DataFile));

        var result = _host.Run("Repair-TipDataStore -Confirm:$false").AssertNoErrors();

        var repair = Assert.Single(result.Output);
        var movedTo = (string)Prop(repair, "MovedTo")!;
        Assert.Matches(@"kumatip-damaged-\d{8}T\d{6}Z\.db$", movedTo);
        Assert.Equal("this is not a database", File.ReadAllText(movedTo));
        Assert.Contains("less than one LiteDB page", (string)Prop(repair, "Problem")!);
        Assert.Contains(movedTo, Assert.Single(result.Warnings).Message);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(movedTo));
        Assert.Single(_host.Run("Get-TipSettings").AssertNoErrors().Output);
    }

    [Fact]
    public void Repair_TipDataStore_leaves_a_sound_file_alone_unless_forced()
    {
        _host.Run("Set-TipSettings -MaxRecords 42").AssertNoErrors();

        var refused = _host.Run("Repair-TipDataStore -Confirm:$false");

        var error = Assert.Single(refused.Errors);
        Assert.Equal("TipDataStoreNotDamaged,KumaTip.PowerShell.Commands.RepairTipDataStoreCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Equal(42, Prop(Assert.Single(_host.Run("Get-TipSettings").Output), "MaxRecords"));

        var forced = _host.Run("Repair-TipDataStore -Force -Confirm:$false").AssertNoErrors();
        Assert.True(File.Exists((string)Prop(Assert.Single(forced.Output), "MovedTo")!));
        Assert.Equal(10, Prop(Assert.Single(_host.Run("Get-TipSettings").Output), "MaxRecords"));
    }

    [Fact]
    public void A_data_file_another_process_holds_gives_a_busy_error_within_the_wait()
    {
        _host.Run("Get-TipSettings").AssertNoErrors();
        _host.Environment["KUMATIP_STORAGE_WAIT_SECONDS"] = "1";
        // LiteDB's shared mode holds this named mutex while it uses the file (SharedEngine: "Global\" + SHA-1 of the
        // lower-cased full path + ".Mutex"); taking it here is what another process in the middle of a write does.
        var name = "Global\\" + Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(DataFile).ToLower()))) + ".Mutex";
        using var mutex = new Mutex(false, name);
        Assert.True(mutex.WaitOne(TimeSpan.FromSeconds(10)));
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = _host.Run("Get-TipSettings");

            var error = StorageFailed(result, ErrorCategory.ResourceBusy, "GetTipSettings");
            Assert.Contains("'" + DataFile + "' is busy or damaged", error.Exception.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "took " + watch.Elapsed);
        }
        finally
        {
            mutex.ReleaseMutex();
        }
        Assert.Single(_host.Run("Get-TipSettings").AssertNoErrors().Output);
    }

    [Fact]
    public void A_read_only_data_directory_serves_the_commands_that_read_and_refuses_the_ones_that_write()
    {
        _sim.Configure(_host);
        var domain = "ro-" + Guid.NewGuid().ToString("N")[..8] + ".example.com";
        _host.Run("Invoke-TipLookup -Indicator $args[0]", domain).AssertNoErrors();
        using var readOnly = ReadOnlyPath.Make(_host.Home, _output);
        if (readOnly == null) return;

        var reads = _host.Run("Get-TipLookup; Get-TipTask; Get-TipSettings; Get-TipSecret; Get-TipLicense").AssertNoErrors();
        Assert.Equal(new[] { "TipLookupResult", "TipTask", "TipSettings", "TipSecret", "TipLicense" },
            reads.Output.Select(o => o.BaseObject.GetType().Name));
        Assert.Equal(domain, Prop(reads.Output[0], "Indicator"));
        // The answer's body is read on demand, through a handle of its own: read-only too.
        Assert.Equal(true, Assert.Single(_host.Run("(Get-TipLookup).Raw.Length -gt 0").AssertNoErrors().Output).BaseObject);

        foreach (var (script, cmdlet) in new[] { ("Set-TipSettings -MaxRecords 3", "SetTipSettings"), ("Invoke-TipLookup -Indicator other.example.com", "InvokeTipLookup") })
        {
            var error = StorageFailed(_host.Run(script), ErrorCategory.PermissionDenied, cmdlet);
            Assert.Contains("data directory '" + _host.Home + "' is read-only", error.Exception.Message);
        }
    }
}
