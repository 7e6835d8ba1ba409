using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>One input row on its way through the stages: the request, the indicator it was read as, and its output once known.</summary>
    internal sealed class RowSlot
    {
        private volatile LookupOutput? _output;

        public RowSlot(LookupRequest request) => Request = request;

        public LookupRequest Request { get; }

        /// <summary>The indicator the row was read as, once it was (a crash's error rows still name it).</summary>
        public TipIndicator? Indicator { get; set; }

        /// <summary>Set once, by whichever stage answers the row; the ordered output hands it out when every row before it has one.</summary>
        public LookupOutput? Output
        {
            get => _output;
            set => _output = value;
        }
    }
}
