namespace KumaTip.Simulator;

/// <summary>
/// A portal account of the simulator: Basic user and password, the password of the shared client PFX, and the
/// account's API token (sent as <c>Authorization: Bearer</c>, without a certificate) with the day it expires.
/// </summary>
public sealed record SimulatorAccount(
    string User, string Password, string PfxPassword, SimulatorAccountKind Kind, string ApiToken = "", DateTimeOffset? TokenExpires = null);
