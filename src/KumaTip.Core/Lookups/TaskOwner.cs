using System;
using System.Diagnostics;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The process that runs a task: machine, PID and process start time. A PID alone is not enough (PIDs are
    /// reused), so a task is abandoned when no process with that PID and that start time exists on this machine.
    /// </summary>
    public sealed class TaskOwner
    {
        public TaskOwner(string machine, int processId, long startTicks)
        {
            Machine = machine;
            ProcessId = processId;
            StartTicks = startTicks;
        }

        public string Machine { get; }

        public int ProcessId { get; }

        /// <summary>UTC start time of the process, in ticks.</summary>
        public long StartTicks { get; }

        private static readonly Lazy<TaskOwner> CurrentOwner = new Lazy<TaskOwner>(() =>
        {
            using var process = Process.GetCurrentProcess();
            return new TaskOwner(Environment.MachineName, process.Id, StartOf(process));
        });

        public static TaskOwner Current => CurrentOwner.Value;

        public bool IsCurrentProcess => Machine == Current.Machine && ProcessId == Current.ProcessId && StartTicks == Current.StartTicks;

        /// <summary>
        /// False when the owner process is certainly gone. On another machine we cannot tell, so the heartbeat decides:
        /// older than <paramref name="staleAfter"/> = gone.
        /// </summary>
        public bool IsAlive(DateTime heartbeatUtc, DateTime nowUtc, TimeSpan staleAfter)
        {
            if (!string.Equals(Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            {
                return nowUtc - heartbeatUtc < staleAfter;
            }
            try
            {
                using var process = Process.GetProcessById(ProcessId);
                if (process.HasExited) return false;
                // Start times read twice can differ by a clock tick; a reused PID differs by far more.
                return Math.Abs(StartOf(process) - StartTicks) < TimeSpan.FromSeconds(2).Ticks;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not ours to inspect (another user's process): it exists, so assume it is alive.
                return true;
            }
        }

        private static long StartOf(Process process) => process.StartTime.ToUniversalTime().Ticks;
    }
}
