using System;
using System.Management.Automation;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Refuses a negative -MaxAge: no cached answer is younger than that, so every indicator would be bought again —
    /// a paid request nobody meant. Zero is allowed and means "only answers received just now" (use -Force to say it plainly).
    /// </summary>
    public sealed class ValidateMaxAgeAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is TimeSpan age && age < TimeSpan.Zero)
            {
                throw new ValidationMetadataException("-MaxAge " + age + " is negative, which would buy every indicator again. " +
                    "Give how old a cached answer may be, such as 1.00:00:00 for a day; -Force ignores the cache on purpose.");
            }
        }
    }
}
