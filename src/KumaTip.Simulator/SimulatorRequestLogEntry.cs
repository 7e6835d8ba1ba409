namespace KumaTip.Simulator;

/// <summary>
/// One line of <c>requests.jsonl</c>. <see cref="Account"/> is the account's user ("" when none was recognised; a
/// token is never written, only the user it belongs to); <see cref="Status"/> is the HTTP status sent, or 0 when the
/// connection was dropped on purpose. <see cref="Authentication"/> is the scheme the request used (<c>Basic</c>,
/// <c>Bearer</c>, null for none) and <see cref="ClientCertificate"/> whether its connection presented a certificate.
/// </summary>
public sealed record SimulatorRequestLogEntry(
    DateTimeOffset Time, string Account, string Endpoint, string Value, string? Sections, int? Count, int Status,
    string? Authentication = null, bool ClientCertificate = false);
