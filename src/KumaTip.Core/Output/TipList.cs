using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace KumaTip.Core.Output
{
    /// <summary>
    /// A read-only list on an output object (categories, sections, DNS resolutions…) that also reads well as one
    /// cell. ConvertTo-Json writes it as an array; Export-Csv, which writes a property's ToString(), gets the items
    /// joined with "; " instead of <c>System.String[]</c>, the same way Export-TipReport -Format Csv joins them.
    /// A script assigns it from any array (<c>$r.Categories = 'CATEGORY_A', 'CATEGORY_B'</c>): PowerShell converts
    /// through the constructor.
    /// </summary>
    public sealed class TipList<T> : ReadOnlyCollection<T>
    {
        /// <summary>The separator of <see cref="ToString"/>.</summary>
        public const string Separator = "; ";

        /// <summary>An empty list.</summary>
        public static TipList<T> Empty { get; } = new TipList<T>(Array.Empty<T>(), wrap: true);

        /// <summary>A list of a copy of <paramref name="items"/>.</summary>
        public TipList(IEnumerable<T> items)
            : base((items ?? throw new ArgumentNullException(nameof(items))).ToArray())
        {
        }

        private TipList(IList<T> items, bool wrap)
            : base(items)
        {
        }

        public static implicit operator TipList<T>(T[]? items) => From(items);

        /// <summary>
        /// The items as a <see cref="TipList{T}"/>: the same object when it already is one, empty for null. A list
        /// is wrapped, not copied: output objects are built once and their lists never change afterwards.
        /// </summary>
        public static TipList<T> From(IEnumerable<T>? items)
        {
            switch (items)
            {
                case null: return Empty;
                case TipList<T> list: return list;
                case IList<T> list: return list.Count == 0 ? Empty : new TipList<T>(list, wrap: true);
                default:
                    var copy = items.ToArray();
                    return copy.Length == 0 ? Empty : new TipList<T>(copy, wrap: true);
            }
        }

        /// <summary>The items as a <see cref="TipList{T}"/>, or null for null (a section the answer did not hold).</summary>
        public static TipList<T>? FromOrNull(IEnumerable<T>? items) => items == null ? null : From(items);

        /// <summary>The items' text joined with "; ", empty items left out.</summary>
        public override string ToString()
            => string.Join(Separator, this.Select(item => item?.ToString()).Where(text => !string.IsNullOrEmpty(text)));
    }
}
