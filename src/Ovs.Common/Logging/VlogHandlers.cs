// Upstream: lib/vlog.h, VLOG_EMER ... VLOG_DBG and their _RL variants (OVS 3.1)
//
// Each level's method takes an interpolated string handler whose constructor performs the level check (and the
// rate-limit check for the overloads that take a VlogRateLimit), so a disabled or dropped message costs one
// compare and no formatting. There is one handler type, made distinct per level by a tag type parameter whose
// static member names the level: the C# compiler builds the handler at the call site, before the method runs, so
// the level has to be known from the handler's type.
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Ovs.Common.Logging;

/// <summary>A type that names a log level, for <see cref="VlogHandler{TLevel}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IVlogLevelTag
{
    static abstract VlogLevel Level { get; }
}

/// <summary>The level tags of the five logging methods of <see cref="VlogModule"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VlogLevelTag
{
    public readonly struct Emer : IVlogLevelTag
    {
        public static VlogLevel Level => VlogLevel.Emer;
    }

    public readonly struct Err : IVlogLevelTag
    {
        public static VlogLevel Level => VlogLevel.Err;
    }

    public readonly struct Warn : IVlogLevelTag
    {
        public static VlogLevel Level => VlogLevel.Warn;
    }

    public readonly struct Info : IVlogLevelTag
    {
        public static VlogLevel Level => VlogLevel.Info;
    }

    public readonly struct Dbg : IVlogLevelTag
    {
        public static VlogLevel Level => VlogLevel.Dbg;
    }
}

/// <summary>Interpolated string handler of the logging methods: formats only when the message will be written.</summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct VlogHandler<TLevel>
    where TLevel : struct, IVlogLevelTag
{
    private DefaultInterpolatedStringHandler _buffer;
    private readonly VlogModule? _module;

    public VlogHandler(int literalLength, int formattedCount, VlogModule module, out bool shouldAppend)
        : this(literalLength, formattedCount, module, null, out shouldAppend)
    {
    }

    public VlogHandler(int literalLength, int formattedCount, VlogModule module, VlogRateLimit? rateLimit, out bool shouldAppend)
    {
        VlogLevel level = TLevel.Level;
        shouldAppend = module.IsEnabled(level) && (rateLimit is null || !rateLimit.ShouldDrop(module, level));
        if (shouldAppend)
        {
            _module = module;
            _buffer = new DefaultInterpolatedStringHandler(literalLength, formattedCount);
        }
        else
        {
            _module = null;
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
    internal void Flush()
    {
        if (_module is not null)
        {
            Vlog.Write(_module, TLevel.Level, _buffer.ToStringAndClear());
        }
    }
}
