using System;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>A query's reader whose damage errors (LiteDB reads documents lazily, in <see cref="Read"/>) become one clear error.</summary>
    internal sealed class GuardedReader : IBsonDataReader
    {
        private readonly IBsonDataReader _inner;
        private readonly Func<Exception, Exception?> _translate;

        public GuardedReader(IBsonDataReader inner, Func<Exception, Exception?> translate)
        {
            _inner = inner;
            _translate = translate;
        }

        public BsonValue this[string field] => _inner[field];

        public string Collection => _inner.Collection;

        public BsonValue Current => _inner.Current;

        public bool HasValues => _inner.HasValues;

        public bool Read()
        {
            try
            {
                return _inner.Read();
            }
            catch (Exception ex) when (_translate(ex) is { } translated)
            {
                throw translated;
            }
        }

        public void Dispose() => _inner.Dispose();
    }
}
