using System.Text.Json.Nodes;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>A state folder from before tokens keeps its accounts and gains a token for each, and the new account, on the next start.</summary>
public sealed class SimulatorAccountFileTests
{
    [Fact]
    public async Task An_account_file_without_tokens_keeps_its_passwords_and_gets_tokens()
    {
        using var directory = new TempDirectory();
        string password;
        await using (var first = await TipSimulator.StartAsync(SimulatorFixture.DefaultOptions(directory.Path)))
        {
            password = first.Account.Password;
        }
        var path = Path.Combine(directory.Path, "account.json");
        var file = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        file.Remove("ApiToken");
        var accounts = file["Accounts"]!.AsArray();
        accounts.Remove(accounts.Single(a => a!["Kind"]!.GetValue<string>() == "TokenExpiringSoon"));
        foreach (var account in accounts) { account!.AsObject().Remove("ApiToken"); account.AsObject().Remove("TokenExpires"); }
        await File.WriteAllTextAsync(path, file.ToJsonString());

        await using var second = await TipSimulator.StartAsync(SimulatorFixture.DefaultOptions(directory.Path));

        Assert.True(second.Account.Password == password, "the password changed");
        Assert.NotEmpty(second.GetAccount(SimulatorAccountKind.TokenExpiringSoon).ApiToken);
        Assert.NotEmpty(second.Account.ApiToken);
        Assert.Equal(second.Account.ApiToken, JsonNode.Parse(await File.ReadAllTextAsync(path))!["ApiToken"]!.GetValue<string>());
    }
}
