using KumaTip.Core.Lookups;

namespace KumaTip.Core.Tests.Lookups;

public sealed class TaskQueryTests
{
    private static readonly TipTask[] Tasks =
    {
        new() { Id = 3, Tenant = "Main", CreatedBy = "alice", State = TipTaskStatus.Running },
        new() { Id = 2, Tenant = "Other", CreatedBy = "bob", State = TipTaskStatus.Completed },
        new() { Id = 1, Tenant = "Main", CreatedBy = "bob", State = TipTaskStatus.Completed },
    };

    private static int[] Ids(TaskQueryResult result) => result.Tasks.Select(t => t.Id).ToArray();

    [Fact]
    public void Without_ids_or_a_tenant_every_task_is_listed_in_order_and_nothing_is_missing()
    {
        var result = new TaskQuery().Run(Tasks);

        Assert.Equal(new[] { 3, 2, 1 }, Ids(result));
        Assert.Empty(result.MissingIds);
    }

    [Fact]
    public void Mine_on_the_team_store_takes_the_user_on_any_host_and_no_other_user()
    {
        TipTask[] team =
        {
            new() { Id = 4, Tenant = "Main", CreatedBy = "alice@soc-ws-12" },
            new() { Id = 5, Tenant = "Main", CreatedBy = "ALICE@runbook-01" },
            new() { Id = 6, Tenant = "Main", CreatedBy = "alicea@soc-ws-12" },
            new() { Id = 7, Tenant = "Main", CreatedBy = "alice" },
        };

        Assert.Equal(new[] { 4, 5, 7 }, Ids(new TaskQuery { CreatedBy = "alice" }.Run(team)));
        Assert.Equal(new[] { 4 }, Ids(new TaskQuery { CreatedBy = "alice@soc-ws-12" }.Run(team)));
    }

    [Fact]
    public void An_id_with_no_task_is_missing_once_in_the_order_asked()
    {
        var result = new TaskQuery { Ids = new[] { 9, 1, 9, 7 } }.Run(Tasks);

        Assert.Equal(new[] { 1 }, Ids(result));
        Assert.Equal(new[] { 9, 7 }, result.MissingIds);
    }

    [Fact]
    public void With_a_tenant_a_task_of_another_tenant_is_missing_and_the_tenant_compares_trimmed_without_case()
    {
        var result = new TaskQuery { Ids = new[] { 2, 3 }, Tenant = " main " }.Run(Tasks);

        Assert.Equal(new[] { 3 }, Ids(result));
        Assert.Equal(new[] { 2 }, result.MissingIds);
        Assert.Equal(new[] { 2 }, Ids(new TaskQuery { Ids = new[] { 2 } }.Run(Tasks)));
    }

    [Fact]
    public void A_task_the_other_filters_leave_out_is_not_missing()
    {
        var result = new TaskQuery { Ids = new[] { 3, 1 }, Statuses = new[] { TipTaskStatus.Completed }, CreatedBy = "BOB", TypeFilter = t => t == "ThreatLookup" }.Run(Tasks);

        Assert.Equal(new[] { 1 }, Ids(result));
        Assert.Empty(result.MissingIds);
        Assert.Empty(new TaskQuery { TypeFilter = _ => false }.Run(Tasks).Tasks);
    }

    [Fact]
    public void The_not_found_message_names_the_id_the_tenant_when_given_and_where_to_look()
    {
        Assert.Equal("There is no task 42. Get-TipTask lists the tasks.", TaskQuery.NotFoundMessage(42, null));
        Assert.Equal("There is no task 42 of tenant 'X'. Get-TipTask lists the tasks.", TaskQuery.NotFoundMessage(42, " X "));
    }
}
