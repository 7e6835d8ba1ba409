namespace KumaTip.Demo;

/// <summary>A demo failure whose message already tells the user what went wrong and what to do.</summary>
public sealed class DemoException(string message) : Exception(message);
