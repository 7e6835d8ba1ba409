using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// Streams the elements of a top-level JSON array with <see cref="Utf8JsonReader"/> over a refilled buffer, so a
    /// large file is never held whole: only one element (an object, parsed with <see cref="JsonDocument"/>) at a time.
    /// </summary>
    internal sealed class JsonArrayStream
    {
        private readonly Stream _stream;
        private readonly string _path;
        private readonly Func<JsonElement, int, JsonItem> _objectItem;
        private byte[] _buffer = new byte[64 * 1024];
        private int _length;
        private bool _final;
        private bool _started;
        private bool _done;
        private int _index;
        private JsonException? _malformed;
        // The default depth (64) refused valid items such as exported events with deeply nested details, and everything
        // after them. Neither the reader nor JsonDocument recurses, so depth costs a bit per level, not stack.
        private const int MaxDepth = 100_000;

        private JsonReaderState _state = new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });

        public JsonArrayStream(Stream stream, string path, Func<JsonElement, int, JsonItem> objectItem)
        {
            _stream = stream;
            _path = path;
            _objectItem = objectItem;
        }

        /// <summary>Adds the next elements to <paramref name="items"/>; false once the array has ended.</summary>
        public bool ReadBatch(List<JsonItem> items)
        {
            if (_malformed != null) throw new IndicatorFileException(_path, "it is not valid JSON (" + _malformed.Message + ")", "IndicatorFileMalformed", _malformed);
            if (_done) return false;
            Fill();
            int consumed;
            try
            {
                consumed = Scan(items);
            }
            catch (JsonException ex)
            {
                // The elements read before the damage are still good: hand them out first, fail on the next call.
                _malformed = ex;
                if (items.Count > 0) return true;
                throw new IndicatorFileException(_path, "it is not valid JSON (" + ex.Message + ")", "IndicatorFileMalformed", ex);
            }
            if (_done) return true;
            if (consumed == 0)
            {
                if (_final) throw new IndicatorFileException(_path, "the JSON array is not closed", "IndicatorFileMalformed");
                if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // one element larger than the buffer
            }
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _length - consumed);
            _length -= consumed;
            return true;
        }

        private void Fill()
        {
            while (!_final && _length < _buffer.Length)
            {
                var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
                if (read == 0) _final = true;
                _length += read;
            }
        }

        private int Scan(List<JsonItem> items)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, 0, _length), _final, _state);
            while (true)
            {
                var checkpoint = reader;
                if (!reader.Read()) { reader = checkpoint; break; }
                if (!_started)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new IndicatorFileException(_path, "expected a JSON array of strings or of objects, found " + reader.TokenType, "IndicatorFileMalformed");
                    _started = true;
                    continue;
                }
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndArray:
                        _done = true;
                        return (int)reader.BytesConsumed;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                    {
                        if (!reader.TrySkip()) { reader = checkpoint; goto Stop; }
                        var element = checkpoint;
                        element.Read();
                        using (var document = JsonDocument.ParseValue(ref element))
                        {
                            items.Add(document.RootElement.ValueKind == JsonValueKind.Object
                                ? _objectItem(document.RootElement, _index)
                                : new JsonItem(_index, null, "item " + _index + " is an array, not a string or an object"));
                        }
                        break;
                    }
                    case JsonTokenType.String:
                        items.Add(new JsonItem(_index, reader.GetString(), null));
                        break;
                    case JsonTokenType.Null:
                        break; // nothing given, nothing to report
                    default:
                        items.Add(new JsonItem(_index, System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray()), null));
                        break;
                }
                _index++;
            }
            Stop:
            _state = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }
    }
}
