using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace KumaTip.HelpGen;

/// <summary>
/// Builds the module's MAML help (KumaTip.PowerShell.dll-Help.xml) from the one source of truth: the XML doc comments
/// on the cmdlet classes and their parameter properties. The staged module is imported into a real engine so that
/// parameter sets, positions, pipeline input and aliases are exactly what Get-Help and tab completion see.
/// </summary>
public static class MamlGenerator
{
    public const string HelpFileName = "KumaTip.PowerShell.dll-Help.xml";

    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>The help XML for every cmdlet the staged module exports, documented from <paramref name="xmlDocPath"/>.</summary>
    public static string Generate(string stagedModule, string xmlDocPath)
    {
        var docs = new XmlDocs(xmlDocPath);
        var commands = ExportedCmdlets(stagedModule).Select(c => CommandElement(c, docs));
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
            commands);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings)) new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reports what is missing from the docs: each line names the cmdlet or parameter and what to write.</summary>
    public static IReadOnlyList<string> Gaps(string stagedModule, string xmlDocPath)
    {
        var docs = new XmlDocs(xmlDocPath);
        var gaps = new List<string>();
        foreach (var cmdlet in ExportedCmdlets(stagedModule))
        {
            var type = docs.Type(cmdlet.ImplementingType);
            if (XmlDocs.Paragraphs(type?.Element("summary")).Count == 0) gaps.Add(cmdlet.Name + ": no <summary> on " + cmdlet.ImplementingType.Name);
            if (XmlDocs.Paragraphs(type?.Element("remarks")).Count == 0) gaps.Add(cmdlet.Name + ": no <remarks> on " + cmdlet.ImplementingType.Name);
            var examples = type?.Elements("example").Count(e => XmlDocs.Code(e.Element("code")).Length > 0 && XmlDocs.Paragraphs(e.Element("para")).Count > 0) ?? 0;
            if (examples < 2) gaps.Add(cmdlet.Name + ": " + examples + " <example> with <code> and <para>; write at least 2");
            foreach (var parameter in Parameters(cmdlet))
            {
                if (ParameterDescription(cmdlet, parameter.Name, docs).Count == 0) gaps.Add(cmdlet.Name + " -" + parameter.Name + ": no <summary> on the property");
            }
        }
        return gaps;
    }

    internal static IReadOnlyList<CmdletInfo> ExportedCmdlets(string stagedModule)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", stagedModule).AddParameter("PassThru").AddParameter("ErrorAction", "Stop");
        var module = (PSModuleInfo)ps.Invoke().Single().BaseObject;
        return module.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The cmdlet's HelpUri, from its [Cmdlet] attribute.</summary>
    internal static string? HelpUri(CmdletInfo cmdlet)
        => ((CmdletAttribute?)Attribute.GetCustomAttribute(cmdlet.ImplementingType, typeof(CmdletAttribute)))?.HelpUri;

    internal static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

    /// <summary>Every non-common parameter once, alphabetically, with what its sets say about it.</summary>
    internal static IEnumerable<ParameterFacts> Parameters(CmdletInfo cmdlet)
        => cmdlet.ParameterSets
            .SelectMany(set => set.Parameters.Where(p => !IsCommon(p.Name)))
            .GroupBy(p => p.Name)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ParameterFacts(g.Key, g.ToList()));

    private static XElement CommandElement(CmdletInfo cmdlet, XmlDocs docs)
    {
        var type = docs.Type(cmdlet.ImplementingType);
        var synopsis = string.Join(" ", XmlDocs.Paragraphs(type?.Element("summary")));
        var command = new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                new XElement(Maml + "description", Para(synopsis))),
            new XElement(Maml + "description", XmlDocs.Paragraphs(type?.Element("remarks")).Select(Para)),
            new XElement(Command + "syntax", cmdlet.ParameterSets
                .OrderBy(s => s.IsDefault ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(set => SyntaxItem(cmdlet, set, docs))),
            new XElement(Command + "parameters", Parameters(cmdlet).Select(p => ParameterElement(cmdlet, p, docs))),
            new XElement(Command + "inputTypes", InputTypes(cmdlet)),
            new XElement(Command + "returnValues", cmdlet.OutputType.Select(o => new XElement(Command + "returnValue",
                new XElement(Dev + "type", new XElement(Maml + "name", o.Name))))),
            new XElement(Command + "examples", type?.Elements("example").Select((e, i) => Example(e, i + 1))),
            // Get-Help -Online opens the first related link: the cmdlet's page in docs/cmdlets (its HelpUri).
            new XElement(Maml + "relatedLinks", HelpUri(cmdlet) is not { Length: > 0 } uri ? null : new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", "Online Version:"), new XElement(Maml + "uri", uri))));
        return command;
    }

    private static XElement SyntaxItem(CmdletInfo cmdlet, CommandParameterSetInfo set, XmlDocs docs)
        => new(Command + "syntaxItem",
            new XElement(Maml + "name", cmdlet.Name),
            set.Parameters.Where(p => !IsCommon(p.Name))
                .OrderBy(p => p.Position < 0 ? int.MaxValue : p.Position).ThenBy(p => p.IsMandatory ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => ParameterElement(cmdlet, new ParameterFacts(p.Name, new[] { p }), docs)));

    private static XElement ParameterElement(CmdletInfo cmdlet, ParameterFacts facts, XmlDocs docs)
    {
        var first = facts.Sets[0];
        var type = first.ParameterType;
        var isSwitch = type == typeof(SwitchParameter);
        var element = new XElement(Command + "parameter",
            new XAttribute("required", facts.Sets.All(s => s.IsMandatory) ? "true" : "false"),
            new XAttribute("variableLength", type.IsArray ? "true" : "false"),
            new XAttribute("globbing", Globbing(cmdlet, facts.Name) ? "true" : "false"),
            new XAttribute("pipelineInput", PipelineInput(facts)),
            new XAttribute("position", facts.Sets.Select(s => s.Position).FirstOrDefault(p => p >= 0, -1) is var position && position >= 0 ? position.ToString() : "named"),
            new XAttribute("aliases", first.Aliases.Count == 0 ? "none" : string.Join(", ", first.Aliases)),
            new XElement(Maml + "name", facts.Name),
            new XElement(Maml + "description", ParameterDescription(cmdlet, facts.Name, docs).Select(Para)));
        var enumType = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (enumType.IsEnum)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                Enum.GetNames(enumType).Select(n => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), n))));
        }
        if (!isSwitch)
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", type.IsArray ? "true" : "false"), TypeName(type)));
        }
        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", type.FullName), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", isSwitch ? "False" : "None"));
        return element;
    }

    internal static IReadOnlyList<string> ParameterDescription(CmdletInfo cmdlet, string name, XmlDocs docs)
    {
        var property = Property(cmdlet.ImplementingType, name);
        if (property?.DeclaringType == null) return Array.Empty<string>();
        return XmlDocs.Paragraphs(docs.Property(property.DeclaringType, property.Name)?.Element("summary"));
    }

    private static bool Globbing(CmdletInfo cmdlet, string name)
        => Property(cmdlet.ImplementingType, name)?.GetCustomAttributes(typeof(SupportsWildcardsAttribute), true).Length > 0;

    /// <summary>
    /// The parameter's property: the most derived one when a cmdlet hides a base parameter with <c>new</c> (as
    /// Initialize-TipStore does with -Tenant), which PowerShell binds too; GetProperty(name) would call that ambiguous.
    /// </summary>
    internal static System.Reflection.PropertyInfo? Property(Type type, string name)
    {
        for (var t = type; t != null; t = t.BaseType)
        {
            var declared = t.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly);
            if (declared != null) return declared;
        }
        return null;
    }

    internal static string PipelineInput(ParameterFacts facts)
    {
        var byValue = facts.Sets.Any(s => s.ValueFromPipeline);
        var byName = facts.Sets.Any(s => s.ValueFromPipelineByPropertyName);
        if (byValue && byName) return "True (ByValue, ByPropertyName)";
        if (byValue) return "True (ByValue)";
        if (byName) return "True (ByPropertyName)";
        return "False";
    }

    private static IEnumerable<XElement> InputTypes(CmdletInfo cmdlet)
        => Parameters(cmdlet)
            .Where(p => p.Sets.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName))
            .Select(p => new XElement(Command + "inputType",
                new XElement(Dev + "type", new XElement(Maml + "name", p.Sets[0].ParameterType.FullName)),
                new XElement(Maml + "description", Para("Bound to -" + p.Name + (p.Sets.Any(s => s.ValueFromPipeline) ? " from the pipeline." : " by property name.")))));

    private static XElement Example(XElement example, int number)
        => new(Command + "example",
            new XElement(Maml + "title", "-------------------------- Example " + number + " --------------------------"),
            new XElement(Dev + "code", XmlDocs.Code(example.Element("code"))),
            new XElement(Dev + "remarks", example.Elements("para").SelectMany(p => XmlDocs.Paragraphs(p)).Select(Para)));

    private static XElement Para(string text) => new(Maml + "para", text);

    internal static string TypeName(Type type)
    {
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        var underlying = Nullable.GetUnderlyingType(type);
        return underlying != null ? TypeName(underlying) : type.Name;
    }

    internal sealed record ParameterFacts(string Name, IReadOnlyList<CommandParameterInfo> Sets);
}
