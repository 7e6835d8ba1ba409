using System;
using System.Management.Automation;
using KumaTip.Core.Lookups;

namespace KumaTip.PowerShell.Support
{
    /// <summary>Refuses a -Section value that is not a wire section name, listing the valid ones.</summary>
    public sealed class ValidateSectionAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            var name = element?.ToString() ?? "";
            if (SectionNames.Canonical(name) == null)
            {
                throw new ValidationMetadataException("'" + name + "' is not a Threat Lookup section. Use one of: " + string.Join(", ", SectionNames.All) + ".");
            }
        }
    }
}
