using System.Text.Json.Nodes;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>A state folder from before tokens keeps its accounts and gains a token for each on the next start.</summary>
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
        foreach (var account in file["Accounts"]!.AsArray()) { account!.AsObject().Remove("ApiToken"); account.AsObject().Remove("TokenExpires"); }
        await File.WriteAllTextAsync(path, file.ToJsonString());

        await using var second = await TipSimulator.StartAsync(SimulatorFixture.DefaultOptions(directory.Path));

        Assert.True(second.Account.Password == password, "the password changed");
        Assert.NotEmpty(second.Account.ApiToken);
        Assert.Equal(second.Account.ApiToken, JsonNode.Parse(await File.ReadAllTextAsync(path))!["ApiToken"]!.GetValue<string>());
    }
}
