// Upstream: lib/vlog.h, VLOG_EMER ... VLOG_DBG and VLOG_*_RL (OVS 3.1)
using System.Runtime.CompilerServices;

namespace Ovs.Common.Logging;

/// <summary>Per-level logging methods. Interpolated strings are only formatted when the message will be written.</summary>
public sealed partial class VlogModule
{
    public void Emer(string message) => Log(VlogLevel.Emer, message);

    public void Emer([InterpolatedStringHandlerArgument("")] ref VlogHandler<VlogLevelTag.Emer> message) => message.Flush();

    public void Emer(VlogRateLimit rateLimit, string message) => Log(VlogLevel.Emer, rateLimit, message);

    public void Emer(VlogRateLimit rateLimit, [InterpolatedStringHandlerArgument("", "rateLimit")] ref VlogHandler<VlogLevelTag.Emer> message) => message.Flush();

    public void Err(string message) => Log(VlogLevel.Err, message);

    public void Err([InterpolatedStringHandlerArgument("")] ref VlogHandler<VlogLevelTag.Err> message) => message.Flush();

    public void Err(VlogRateLimit rateLimit, string message) => Log(VlogLevel.Err, rateLimit, message);

    public void Err(VlogRateLimit rateLimit, [InterpolatedStringHandlerArgument("", "rateLimit")] ref VlogHandler<VlogLevelTag.Err> message) => message.Flush();

    public void Warn(string message) => Log(VlogLevel.Warn, message);

    public void Warn([InterpolatedStringHandlerArgument("")] ref VlogHandler<VlogLevelTag.Warn> message) => message.Flush();

    public void Warn(VlogRateLimit rateLimit, string message) => Log(VlogLevel.Warn, rateLimit, message);

    public void Warn(VlogRateLimit rateLimit, [InterpolatedStringHandlerArgument("", "rateLimit")] ref VlogHandler<VlogLevelTag.Warn> message) => message.Flush();

    public void Info(string message) => Log(VlogLevel.Info, message);

    public void Info([InterpolatedStringHandlerArgument("")] ref VlogHandler<VlogLevelTag.Info> message) => message.Flush();

    public void Info(VlogRateLimit rateLimit, string message) => Log(VlogLevel.Info, rateLimit, message);

    public void Info(VlogRateLimit rateLimit, [InterpolatedStringHandlerArgument("", "rateLimit")] ref VlogHandler<VlogLevelTag.Info> message) => message.Flush();

    public void Dbg(string message) => Log(VlogLevel.Dbg, message);

    public void Dbg([InterpolatedStringHandlerArgument("")] ref VlogHandler<VlogLevelTag.Dbg> message) => message.Flush();

    public void Dbg(VlogRateLimit rateLimit, string message) => Log(VlogLevel.Dbg, rateLimit, message);

    public void Dbg(VlogRateLimit rateLimit, [InterpolatedStringHandlerArgument("", "rateLimit")] ref VlogHandler<VlogLevelTag.Dbg> message) => message.Flush();
}
