using System.Management.Automation.Host;

namespace KumaTip.Demo.Hosting;

/// <summary>A fixed-width virtual console: the formatter only needs the width to lay out tables.</summary>
internal sealed class DemoHostRawUserInterface(int width) : PSHostRawUserInterface
{
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize { get; set; } = new(width, 9999);

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 1;

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(width, 9999);

    public override Size MaxWindowSize => new(width, 9999);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize { get; set; } = new(width, 50);

    public override string WindowTitle { get; set; } = "KumaTip demo";

    public override void FlushInputBuffer() { }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The demo host is not interactive.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
