// Upstream: lib/vlog.h, VLOG_EMER ... VLOG_DBG and their _RL variants (OVS 3.1)
//
// Each level has an interpolated string handler whose constructor performs the level check (and the rate-limit
// check for the overloads that take a VlogRateLimit), so a disabled or dropped message costs one compare and no
// formatting. The handlers differ only in the level they check; they share VlogHandlerCore.
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Ovs.Common.Logging;

/// <summary>Shared state of the per-level handlers: the module, the level, and the buffer when enabled.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogHandlerCore
{
    private DefaultInterpolatedStringHandler _buffer;
    private readonly VlogModule? _module;
    private readonly VlogLevel _level;

    public VlogHandlerCore(int literalLength, int formattedCount, VlogModule module, VlogLevel level, VlogRateLimit? rateLimit, out bool enabled)
    {
        enabled = module.IsEnabled(level) && (rateLimit is null || !rateLimit.ShouldDrop(module, level));
        if (enabled)
        {
            _module = module;
            _level = level;
            _buffer = new DefaultInterpolatedStringHandler(literalLength, formattedCount);
        }
        else
        {
            _module = null;
            _level = VlogLevel.Off;
            _buffer = default;
        }
    }

    public void AppendLiteral(string value) => _buffer.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _buffer.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _buffer.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _buffer.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _buffer.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _buffer.AppendFormatted(value);

    public void AppendFormatted(string? value) => _buffer.AppendFormatted(value);

    /// <summary>Writes the message if the constructor found it enabled.</summary>
    public void Flush()
    {
        if (_module is not null)
        {
            Vlog.Write(_module, _level, _buffer.ToStringAndClear());
        }
    }
}

/// <summary>Interpolated string handler for <see cref="VlogModule.Emer(ref VlogEmerHandler)"/>.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogEmerHandler
{
    private VlogHandlerCore _core;

    public VlogEmerHandler(int literalLength, int formattedCount, VlogModule module, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Emer, null, out shouldAppend);

    public VlogEmerHandler(int literalLength, int formattedCount, VlogModule module, VlogRateLimit rateLimit, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Emer, rateLimit, out shouldAppend);

    public void AppendLiteral(string value) => _core.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _core.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _core.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _core.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _core.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _core.AppendFormatted(value);

    public void AppendFormatted(string? value) => _core.AppendFormatted(value);

    internal void Flush() => _core.Flush();
}

/// <summary>Interpolated string handler for <see cref="VlogModule.Err(ref VlogErrHandler)"/>.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogErrHandler
{
    private VlogHandlerCore _core;

    public VlogErrHandler(int literalLength, int formattedCount, VlogModule module, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Err, null, out shouldAppend);

    public VlogErrHandler(int literalLength, int formattedCount, VlogModule module, VlogRateLimit rateLimit, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Err, rateLimit, out shouldAppend);

    public void AppendLiteral(string value) => _core.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _core.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _core.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _core.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _core.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _core.AppendFormatted(value);

    public void AppendFormatted(string? value) => _core.AppendFormatted(value);

    internal void Flush() => _core.Flush();
}

/// <summary>Interpolated string handler for <see cref="VlogModule.Warn(ref VlogWarnHandler)"/>.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogWarnHandler
{
    private VlogHandlerCore _core;

    public VlogWarnHandler(int literalLength, int formattedCount, VlogModule module, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Warn, null, out shouldAppend);

    public VlogWarnHandler(int literalLength, int formattedCount, VlogModule module, VlogRateLimit rateLimit, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Warn, rateLimit, out shouldAppend);

    public void AppendLiteral(string value) => _core.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _core.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _core.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _core.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _core.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _core.AppendFormatted(value);

    public void AppendFormatted(string? value) => _core.AppendFormatted(value);

    internal void Flush() => _core.Flush();
}

/// <summary>Interpolated string handler for <see cref="VlogModule.Info(ref VlogInfoHandler)"/>.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogInfoHandler
{
    private VlogHandlerCore _core;

    public VlogInfoHandler(int literalLength, int formattedCount, VlogModule module, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Info, null, out shouldAppend);

    public VlogInfoHandler(int literalLength, int formattedCount, VlogModule module, VlogRateLimit rateLimit, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Info, rateLimit, out shouldAppend);

    public void AppendLiteral(string value) => _core.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _core.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _core.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _core.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _core.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _core.AppendFormatted(value);

    public void AppendFormatted(string? value) => _core.AppendFormatted(value);

    internal void Flush() => _core.Flush();
}

/// <summary>Interpolated string handler for <see cref="VlogModule.Dbg(ref VlogDbgHandler)"/>.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogDbgHandler
{
    private VlogHandlerCore _core;

    public VlogDbgHandler(int literalLength, int formattedCount, VlogModule module, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Dbg, null, out shouldAppend);

    public VlogDbgHandler(int literalLength, int formattedCount, VlogModule module, VlogRateLimit rateLimit, out bool shouldAppend)
        => _core = new VlogHandlerCore(literalLength, formattedCount, module, VlogLevel.Dbg, rateLimit, out shouldAppend);

    public void AppendLiteral(string value) => _core.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _core.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _core.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _core.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _core.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _core.AppendFormatted(value);

    public void AppendFormatted(string? value) => _core.AppendFormatted(value);

    internal void Flush() => _core.Flush();
}
