using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>What a client needs to reach the simulator: endpoint, CA to trust, client certificate and account.</summary>
public sealed record SimulatorConnection(string BaseUrl, string CaPemPath, string ClientPfxPath, string User, string Password, string PfxPassword)
{
    public static SimulatorConnection From(TipSimulator simulator) => new(
        simulator.BaseAddress.ToString().TrimEnd('/'),
        simulator.CaPemPath,
        simulator.ClientPfxPath,
        simulator.Account.User,
        simulator.Account.Password,
        simulator.Account.PfxPassword);
}
