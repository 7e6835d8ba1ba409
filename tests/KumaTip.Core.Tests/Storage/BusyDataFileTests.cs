using System.Diagnostics;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Tests.Storage;

/// <summary>
/// A data file another process holds (LiteDB's shared mode: a named mutex per operation) gives a clear "busy or
/// damaged" error within the configured wait; it used to wait for ever. Another thread with its own LiteDB handle
/// stands for the other process: the mutex belongs to a thread.
/// </summary>
public sealed class BusyDataFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualResetEventSlim _holding = new();
    private readonly ManualResetEventSlim _release = new();
    private Task? _holder;

    private string DataFile => _temp.Combine(TipDatabase.FileName);

    public void Dispose()
    {
        _release.Set();
        _holder?.Wait(TimeSpan.FromSeconds(30));
        _temp.Dispose();
    }

    /// <summary>Another LiteDB client opens a transaction on the file and keeps it until the test ends.</summary>
    private void HoldFileElsewhere()
    {
        _holder = Task.Factory.StartNew(() =>
        {
            using var other = new LiteDatabase(new ConnectionString { Filename = DataFile, Connection = ConnectionType.Shared });
            other.BeginTrans();
            other.GetCollection("probe").Insert(new BsonDocument { ["_id"] = 1 });
            _holding.Set();
            _release.Wait();
            other.Rollback();
        }, TaskCreationOptions.LongRunning);
        Assert.True(_holding.Wait(TimeSpan.FromSeconds(30)), "the other handle could not take the file");
    }

    private static async Task<TipStorageException> BusyWithin(Func<object?> work, TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        var attempt = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        // A TimeoutException here is the old behaviour: waiting on the file for ever.
        var busy = await Assert.ThrowsAsync<TipStorageException>(() => attempt.WaitAsync(bound));
        Assert.Equal(TipStorageProblem.Busy, busy.Problem);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), "gave up before the wait was over: " + watch.Elapsed);
        return busy;
    }

    [Fact]
    public async Task Opening_a_file_another_process_holds_fails_busy_within_the_wait()
    {
        new TipDatabase(_temp.Path).Dispose();
        HoldFileElsewhere();

        var busy = await BusyWithin(() => new TipDatabase(_temp.Path, StorageAccess.Read, TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(60));

        Assert.Contains("data file '" + DataFile + "' is busy or damaged", busy.Message);
        Assert.Contains(DatabaseLock.WaitVariable, busy.Message);
        Assert.Equal(DataFile, busy.File);
    }

    [Fact]
    public async Task An_operation_on_an_open_file_that_another_process_then_holds_fails_busy_within_the_wait()
    {
        using var db = new TipDatabase(_temp.Path, StorageAccess.Write, TimeSpan.FromSeconds(1));
        HoldFileElsewhere();

        await BusyWithin(() => db.Db.GetCollection("probe").Count(), TimeSpan.FromSeconds(60));

        _release.Set();
        await _holder!.WaitAsync(TimeSpan.FromSeconds(30));
        // Once the other process lets go, the same handle works again.
        Assert.Equal(0, await Task.Run(() => db.Db.GetCollection("probe").Count()).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("2.5", 2.5)]
    [InlineData("300", 300)]
    [InlineData("soon", 20)]
    [InlineData("0", 20)]
    [InlineData(null, 20)]
    public void The_wait_is_KUMATIP_STORAGE_WAIT_SECONDS_else_20_seconds(string? text, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), DatabaseLock.ParseWait(text));
}
