using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// Reads indicators from files and strings, streaming (a line, a CSV record or a JSON element at a time), and
    /// reports every value that is not an indicator as a failed <see cref="IndicatorParseResult"/> without stopping.
    /// <list type="bullet">
    /// <item><c>.csv</c> / <c>.tsv</c>: the named column, or the first header among <see cref="ColumnCandidates"/>
    /// (case-insensitive). Each non-empty cell is one explicit value.</item>
    /// <item><c>.json</c>: an array of strings, or of objects whose named (or auto-detected) property holds the value.</item>
    /// <item>anything else is text, read line by line: blank lines and <c>#</c> comments are skipped; a line that is one
    /// word (after refanging, so <c>evil [.] com</c> counts as one) is an explicit value and an error when it is not
    /// an indicator; a line with spaces is prose, and every indicator in it is extracted.</item>
    /// </list>
    /// Whole-file problems (no indicator column, malformed JSON) throw <see cref="IndicatorFileException"/>.
    /// </summary>
    public static class IndicatorFileReader
    {
        /// <summary>Column names tried in this order when none is given (<see cref="IndicatorColumns.Candidates"/>).</summary>
        public static IReadOnlyList<string> ColumnCandidates => IndicatorColumns.Candidates;

        /// <summary>Reads one file; the format follows the extension (<c>.csv</c>, <c>.tsv</c>, <c>.json</c>, else text).</summary>
        public static IEnumerable<IndicatorParseResult> ReadFile(string path, string? column = null, Action<string>? verbose = null)
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension == ".json") return ReadJsonFile(path, column, verbose);
            if (extension == ".csv" || extension == ".tsv") return ReadCsvFile(path, column, verbose);
            return ReadTextFile(path);
        }

        private static IEnumerable<IndicatorParseResult> ReadTextFile(string path)
        {
            using var reader = OpenText(path);
            foreach (var result in ReadLines(reader, path)) yield return result;
        }

        private static IEnumerable<IndicatorParseResult> ReadCsvFile(string path, string? column, Action<string>? verbose)
        {
            using var reader = OpenText(path);
            foreach (var result in ReadCsv(reader, path, column, verbose)) yield return result;
        }

        private static IEnumerable<IndicatorParseResult> ReadJsonFile(string path, string? column, Action<string>? verbose)
        {
            using var stream = Open(path);
            var encoding = TextFileSniffer.Detect(stream, path);
            if (encoding != null || StartsWithUtf16Mark(stream))
            {
                throw new IndicatorFileException(path, "it is UTF-16 text; JSON is read as UTF-8. Save it as UTF-8 " +
                    "(Get-Content -LiteralPath <file> | Set-Content -Encoding utf8 <new file>)", "IndicatorFileMalformed");
            }
            foreach (var result in ReadJson(stream, path, column, verbose)) yield return result;
        }

        private static FileStream Open(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, FileOptions.SequentialScan);

        private static StreamReader OpenText(string path)
        {
            var stream = Open(path);
            try
            {
                var encoding = TextFileSniffer.Detect(stream, path);
                return new StreamReader(stream, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private static bool StartsWithUtf16Mark(Stream stream)
        {
            if (!stream.CanSeek) return false;
            int first = stream.ReadByte(), second = stream.ReadByte();
            stream.Seek(0, SeekOrigin.Begin);
            return (first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF);
        }

        /// <summary>
        /// A line longer than this is no list of indicators (the longest value accepted is
        /// <see cref="IndicatorParser.MaxLength"/>); it is reported and skipped, never held whole, so a file with no line
        /// breaks cannot fill the memory.
        /// </summary>
        internal const int MaxLineLength = 1024 * 1024;

        /// <summary>Text, line by line; sources are <c>name:line</c>.</summary>
        public static IEnumerable<IndicatorParseResult> ReadLines(TextReader reader, string name)
        {
            var number = 0;
            var line = new StringBuilder();
            var buffer = new char[16 * 1024];
            var tooLong = false;
            var afterCr = false;
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (afterCr && c == '\n')
                    {
                        afterCr = false;
                        continue; // the second half of \r\n
                    }
                    afterCr = c == '\r';
                    if (c == '\n' || c == '\r')
                    {
                        number++;
                        foreach (var result in EndLine(line, tooLong, name, number)) yield return result;
                        line.Clear();
                        tooLong = false;
                        continue;
                    }
                    if (tooLong) continue;
                    if (line.Length == MaxLineLength)
                    {
                        tooLong = true;
                        line.Clear();
                        continue;
                    }
                    line.Append(c);
                }
            }
            if (line.Length > 0 || tooLong)
            {
                number++;
                foreach (var result in EndLine(line, tooLong, name, number)) yield return result;
            }
        }

        private static IReadOnlyList<IndicatorParseResult> EndLine(StringBuilder line, bool tooLong, string name, int number)
        {
            var source = name + ":" + number.ToString(CultureInfo.InvariantCulture);
            if (tooLong)
            {
                return new[]
                {
                    IndicatorParseResult.Fail(string.Empty, "Line " + number.ToString(CultureInfo.InvariantCulture) + " of '" + name + "' is longer than " +
                        (MaxLineLength / 1024).ToString(CultureInfo.InvariantCulture) + " KiB without a line break; it was skipped (no indicator is that long).", source),
                };
            }
            return ReadLine(line.ToString(), source);
        }

        /// <summary>
        /// One line or pipeline string: nothing for blank lines and <c>#</c> comments, one explicit value when it is a
        /// single word after refanging, every indicator found when it is prose.
        /// </summary>
        public static IReadOnlyList<IndicatorParseResult> ReadLine(string? line, string source)
        {
            if (line == null) return Array.Empty<IndicatorParseResult>();
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') return Array.Empty<IndicatorParseResult>();
            if (!HasWhitespace(trimmed.Length > IndicatorParser.MaxLength ? trimmed : IndicatorParser.Refang(trimmed, out _)))
                return new[] { IndicatorParser.Parse(trimmed, source) };
            var found = IndicatorParser.Extract(trimmed, source);
            if (found.Count == 0) return Array.Empty<IndicatorParseResult>();
            var results = new IndicatorParseResult[found.Count];
            for (var i = 0; i < found.Count; i++) results[i] = IndicatorParseResult.Ok(line, found[i]);
            return results;
        }

        /// <summary>CSV (separator detected: comma, semicolon, tab or pipe); sources are <c>name:line</c> (header = line 1).</summary>
        public static IEnumerable<IndicatorParseResult> ReadCsv(TextReader reader, string name, string? column = null, Action<string>? verbose = null)
        {
            // Default options on purpose: CsvHelper 34's option setters are init-only, and code built for netstandard2.0 that
            // sets them fails with MissingMethodException when the net8+/net10 CsvHelper build is loaded (modreq mismatch).
            using var csv = CsvReader.Create(reader, null, leaveOpen: true);
            var headers = ToList(csv.Headers);
            if (headers.Count == 0) yield break;
            var index = ChooseColumn(headers, column, name, verbose);
            while (csv.Read())
            {
                if (index >= csv.FieldCount) continue;
                var cell = csv.GetString(index);
                if (string.IsNullOrWhiteSpace(cell)) continue;
                // The header is line 1 and each record one line (exact unless a quoted field spans lines or blank lines intervene).
                yield return IndicatorParser.Parse(cell, name + ":" + (csv.RowNumber + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        private static List<string> ToList(IEnumerable<string>? names)
        {
            var list = new List<string>();
            if (names != null) foreach (var n in names) list.Add(n ?? string.Empty);
            return list;
        }

        /// <summary>A JSON array of strings or objects; sources are <c>name:[index]</c>.</summary>
        public static IEnumerable<IndicatorParseResult> ReadJson(Stream stream, string name, string? column = null, Action<string>? verbose = null)
        {
            string? chosen = column;
            JsonItem FromObject(JsonElement element, int index)
            {
                if (chosen == null)
                {
                    var names = new List<string>();
                    foreach (var property in element.EnumerateObject()) names.Add(property.Name);
                    var found = FindCandidate(names);
                    if (found < 0)
                        throw new IndicatorFileException(name, "no property looks like an indicator (its properties: " + Join(names) + "); name one with -Column", "IndicatorColumnNotFound");
                    chosen = names[found];
                    verbose?.Invoke("Reading indicators from property '" + chosen + "' of the objects in '" + name + "'.");
                }
                foreach (var property in element.EnumerateObject())
                {
                    if (!string.Equals(property.Name, chosen, StringComparison.OrdinalIgnoreCase)) continue;
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String: return new JsonItem(index, property.Value.GetString(), null);
                        case JsonValueKind.Null: return new JsonItem(index, null, null);
                        case JsonValueKind.Number:
                        case JsonValueKind.True:
                        case JsonValueKind.False: return new JsonItem(index, property.Value.GetRawText(), null);
                        default: return new JsonItem(index, null, "item " + index + " has property '" + chosen + "' holding " + property.Value.ValueKind + ", not a string");
                    }
                }
                return new JsonItem(index, null, "item " + index + " has no property '" + chosen + "'");
            }

            var array = new JsonArrayStream(stream, name, FromObject);
            var batch = new List<JsonItem>();
            while (array.ReadBatch(batch))
            {
                foreach (var item in batch)
                {
                    var source = name + ":[" + item.Index.ToString(CultureInfo.InvariantCulture) + "]";
                    if (item.Problem != null) yield return IndicatorParseResult.Fail(string.Empty, item.Problem + ".", source);
                    else if (!string.IsNullOrWhiteSpace(item.Value)) yield return IndicatorParser.Parse(item.Value, source);
                }
                batch.Clear();
            }
        }

        private static int ChooseColumn(IReadOnlyList<string> headers, string? column, string name, Action<string>? verbose)
        {
            if (column != null)
            {
                for (var i = 0; i < headers.Count; i++)
                {
                    if (string.Equals(headers[i]?.Trim(), column, StringComparison.OrdinalIgnoreCase)) return i;
                }
                throw new IndicatorFileException(name, "it has no column '" + column + "' (its columns: " + Join(headers) + ")", "IndicatorColumnNotFound");
            }
            var found = FindCandidate(headers);
            if (found < 0)
                throw new IndicatorFileException(name, "no column looks like an indicator (its columns: " + Join(headers) + "); name one with -Column", "IndicatorColumnNotFound");
            verbose?.Invoke("Reading indicators from column '" + headers[found] + "' of '" + name + "'.");
            return found;
        }

        private static int FindCandidate(IReadOnlyList<string> names) => IndicatorColumns.Find(names);

        private static string Join(IReadOnlyList<string> names)
        {
            if (names.Count == 0) return "none";
            var sb = new StringBuilder();
            for (var i = 0; i < names.Count && i < 20; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(IndicatorParser.Shorten(names[i] ?? string.Empty));
            }
            if (names.Count > 20) sb.Append(", …");
            return sb.ToString();
        }

        private static bool HasWhitespace(string s)
        {
            for (var i = 0; i < s.Length; i++) if (char.IsWhiteSpace(s[i])) return true;
            return false;
        }
    }
}
