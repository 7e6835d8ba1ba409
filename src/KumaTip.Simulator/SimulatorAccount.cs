namespace KumaTip.Simulator;

/// <summary>A portal account of the simulator: Basic user and password, plus the password of the shared client PFX.</summary>
public sealed record SimulatorAccount(string User, string Password, string PfxPassword, SimulatorAccountKind Kind);
