using System;

namespace KumaTip.Core.Lookups
{
    /// <summary>Why a row has no result: the message names the value; <see cref="ErrorId"/> is the FullyQualifiedErrorId a cmdlet uses.</summary>
    public sealed class LookupError
    {
        public LookupError(string errorId, LookupErrorCategory category, Exception exception)
        {
            ErrorId = errorId;
            Category = category;
            Exception = exception;
        }

        public string ErrorId { get; }

        public LookupErrorCategory Category { get; }

        public Exception Exception { get; }

        public string Message => Exception.Message;
    }
}
