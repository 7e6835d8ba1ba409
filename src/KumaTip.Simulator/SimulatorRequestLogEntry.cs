namespace KumaTip.Simulator;

/// <summary>
/// One line of <c>requests.jsonl</c>. <see cref="Account"/> is the Basic user ("" when none was sent);
/// <see cref="Status"/> is the HTTP status sent, or 0 when the connection was dropped on purpose.
/// </summary>
public sealed record SimulatorRequestLogEntry(
    DateTimeOffset Time, string Account, string Endpoint, string Value, string? Sections, int? Count, int Status);
