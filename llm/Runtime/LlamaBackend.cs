using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using AgentRec.Llm.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Llm.Runtime;

/// <summary>
/// Process-wide llama.cpp initialisation: library resolution, CPU backend plugins, and routing of
/// the native log (which is global in llama.cpp) to an <see cref="ILogger"/>.
/// </summary>
public static class LlamaBackend
{
    private static readonly Lock Gate = new();
    private static bool _initialized;
    private static ILogger _logger = NullLogger.Instance;
    private static readonly StringBuilder PendingLine = new();
    private static LogLevel _pendingLevel = LogLevel.Debug;
    private static string? _lastError;

    /// <summary>Folder the native libraries were loaded from.</summary>
    public static string LibraryDirectory => LlamaNativeLibrary.Directory;

    /// <summary>The last error line llama.cpp logged; used to explain failures the C API reports only as NULL.</summary>
    internal static string? LastNativeError => _lastError;

    /// <summary>Initialises llama.cpp once per process. Later calls only replace the logger when one is given.</summary>
    public static void EnsureInitialized(ILoggerFactory? loggerFactory = null)
    {
        lock (Gate)
        {
            if (loggerFactory is not null)
            {
                _logger = loggerFactory.CreateLogger("llama.cpp");
            }

            if (_initialized)
            {
                return;
            }

            var directory = LlamaNativeLibrary.EnsureResolver();
            unsafe
            {
                NativeMethods.llama_log_set(&OnNativeLog, 0);
                NativeMethods.ggml_log_set(&OnNativeLog, 0);
            }

            // Must precede llama_backend_init: it registers the CPU backend variants (haswell, zen4, ...).
            NativeMethods.ggml_backend_load_all_from_path(directory);
            if (NativeMethods.ggml_backend_dev_count() == 0)
            {
                throw new LlamaException($"llama.cpp found no compute device after loading backends from '{directory}'.");
            }

            NativeMethods.llama_backend_init();
            ManagedSamplerInterop.Error = (where, e) => _logger?.LogError(e, "Unhandled exception in {Where}; the candidates were left unchanged.", where);
            _initialized = true;
        }
    }

    /// <summary>llama.cpp's description of the CPU features it uses.</summary>
    public static string SystemInfo()
    {
        EnsureInitialized();
        return Marshal.PtrToStringUTF8(NativeMethods.llama_print_system_info()) ?? string.Empty;
    }

    /// <summary>Most sequences one context can hold.</summary>
    public static int MaxParallelSequences
    {
        get
        {
            EnsureInitialized();
            return (int)NativeMethods.llama_max_parallel_sequences();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnNativeLog(int level, byte* text, nint userData)
    {
        try
        {
            var message = Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
            lock (PendingLine)
            {
                // GGML_LOG_LEVEL_CONT (5) continues the previous line at its level.
                if (level != 5)
                {
                    _pendingLevel = level switch
                    {
                        1 => LogLevel.Debug,
                        2 => LogLevel.Debug, // llama.cpp's INFO is chatty (tensor listings): Debug for us.
                        3 => LogLevel.Warning,
                        4 => LogLevel.Error,
                        _ => LogLevel.Trace,
                    };
                }

                PendingLine.Append(message);
                if (!message.EndsWith('\n'))
                {
                    return;
                }

                var line = PendingLine.ToString().TrimEnd();
                PendingLine.Clear();
                if (_pendingLevel >= LogLevel.Error)
                {
                    _lastError = line;
                }

                if (line.Length > 0 && _logger.IsEnabled(_pendingLevel))
                {
                    _logger.Log(_pendingLevel, "{NativeMessage}", line);
                }
            }
        }
        catch
        {
            // Never let an exception cross back into native code.
        }
    }
}
