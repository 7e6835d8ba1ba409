using System;
using System.IO;
using System.Reflection;

namespace KumaTip.Core.Diagnostics
{
    /// <summary>
    /// KumaTip could not load one of its own assemblies or a type in them. That is an installation problem or a clash
    /// with another module in the session, never a connection problem, and the message says so and what to do.
    /// </summary>
    public sealed class ModuleLoadException : Exception
    {
        public const string ErrorId = "TipModuleLoadFailed";

        private ModuleLoadException(string message, Exception inner)
            : base(message, inner)
        {
        }

        /// <summary>
        /// The load failure inside <paramref name="exception"/> (itself or an inner exception), described for the user;
        /// null when the exception is not a load failure.
        /// </summary>
        public static ModuleLoadException? From(Exception? exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                if (current is ModuleLoadException already)
                {
                    return already;
                }
                if (IsLoadFailure(current))
                {
                    return new ModuleLoadException(
                        "KumaTip could not load a part of itself: " + current.Message.Trim() +
                        " This is a problem with the module's files or a clash with another module loaded in this session, not with the connection." +
                        " Start a new PowerShell session and run the command again; if it fails again, reinstall KumaTip (docs/install.md) and report the assembly named here.",
                        current);
                }
            }
            return null;
        }

        private static bool IsLoadFailure(Exception ex)
            => ex is FileLoadException
               || ex is BadImageFormatException
               || ex is TypeLoadException
               || ex is MissingMemberException
               || (ex is FileNotFoundException notFound && LooksLikeAssembly(notFound.FileName));

        private static bool LooksLikeAssembly(string? fileName)
            => fileName != null
               && (fileName.IndexOf(", Version=", StringComparison.OrdinalIgnoreCase) >= 0
                   || fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
    }
}
