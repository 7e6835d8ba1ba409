using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KumaTip.HelpGen;

/// <summary>The compiler's XML documentation file, read as help text: summaries, remarks as paragraphs, examples.</summary>
public sealed class XmlDocs
{
    private readonly Dictionary<string, XElement> _members;

    public XmlDocs(string path)
    {
        var document = XDocument.Load(path, LoadOptions.PreserveWhitespace);
        _members = document.Descendants("member")
            .Where(m => m.Attribute("name") != null)
            .GroupBy(m => m.Attribute("name")!.Value)
            .ToDictionary(g => g.Key, g => g.First());
    }

    public XElement? Type(Type type) => _members.GetValueOrDefault("T:" + type.FullName);

    public XElement? Property(Type declaringType, string name) => _members.GetValueOrDefault("P:" + declaringType.FullName + "." + name);

    /// <summary>The element's text as paragraphs: blank lines and &lt;para&gt; split them, other whitespace collapses.</summary>
    public static IReadOnlyList<string> Paragraphs(XElement? element)
    {
        if (element == null) return Array.Empty<string>();
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            var text = Regex.Replace(current.ToString(), @"\s+", " ").Trim();
            if (text.Length > 0) paragraphs.Add(text);
            current.Clear();
        }
        foreach (var node in element.Nodes())
        {
            if (node is XElement child && (child.Name == "para" || child.Name == "list"))
            {
                Flush();
                foreach (var p in Paragraphs(child)) paragraphs.Add(p);
                continue;
            }
            var text = Inline(node);
            var pieces = Regex.Split(text, @"\r?\n[ \t]*\r?\n");
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0) Flush();
                current.Append(pieces[i]);
            }
        }
        Flush();
        return paragraphs;
    }

    /// <summary>Code as written: lines kept, common indentation removed.</summary>
    public static string Code(XElement? element)
    {
        if (element == null) return "";
        var lines = element.Value.Replace("\r\n", "\n").Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        // The first line follows <code> directly; later lines carry the source's indentation.
        var indent = lines.Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select((l, i) => i == 0 ? l.Trim() : (l.Length >= indent ? l.Substring(indent) : l.TrimStart()).TrimEnd()));
    }

    private static string Inline(XNode node)
    {
        switch (node)
        {
            case XText text:
                return text.Value;
            case XElement element when element.Name == "see" || element.Name == "seealso":
                var cref = element.Attribute("cref")?.Value ?? element.Attribute("langword")?.Value ?? element.Attribute("href")?.Value ?? "";
                var label = element.Value.Length > 0 ? element.Value : cref.Substring(cref.IndexOf(':') + 1).Split('.').Last();
                return label;
            case XElement element when element.Name == "paramref" || element.Name == "typeparamref":
                return element.Attribute("name")?.Value ?? "";
            case XElement element:
                return string.Concat(element.Nodes().Select(Inline));
            default:
                return "";
        }
    }
}
