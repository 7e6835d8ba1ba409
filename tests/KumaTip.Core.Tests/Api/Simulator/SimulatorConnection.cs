using KumaTip.Core.Api;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Api.Simulator;

/// <summary>Client options for a running simulator, exactly as a user would configure them from its state folder.</summary>
public static class SimulatorConnection
{
    public static TipConnectionOptions OptionsFor(TipSimulator simulator, SimulatorAccount? account = null)
    {
        account ??= simulator.Account;
        return new TipConnectionOptions
        {
            Endpoint = simulator.BaseAddress,
            User = account.User,
            Password = account.Password,
            PfxBytes = File.ReadAllBytes(simulator.ClientPfxPath),
            PfxPassword = account.PfxPassword,
            TrustedCaPem = File.ReadAllText(simulator.CaPemPath),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(30),
        };
    }
}
