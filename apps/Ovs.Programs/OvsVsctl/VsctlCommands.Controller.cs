// Upstream: utilities/ovs-vsctl.c, controller, fail-mode, manager and SSL commands (OVS 3.1)
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Common.Logging;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;
using Ovs.Transport.Streams;

namespace Ovs.Programs.OvsVsctl;

internal static partial class VsctlCommands
{
    private static readonly VlogModule s_log = VlogModule.Get("vsctl");

    private static void VerifyControllers(VsctlContext v, IdlRow bridge)
    {
        v.Verify(bridge, "controller");
        foreach (IdlRow controller in v.ReadRefs(bridge, "controller", "Controller"))
        {
            v.Verify(controller, "target");
        }
    }

    private static void GetController(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        IdlRow br = v.FindBridge(ctx.Argv[1], true)!.Real.Row!;
        VerifyControllers(v, br);
        var targets = new List<string>();
        foreach (IdlRow controller in v.ReadRefs(br, "controller", "Controller"))
        {
            targets.Add(v.ReadString(controller, "target"));
        }

        OutputSorted(ctx, targets);
    }

    private static void DelController(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        IdlRow br = v.FindRealBridge(ctx.Argv[1], true)!.Row!;
        VerifyControllers(v, br);
        List<IdlRow> controllers = [.. v.ReadRefs(br, "controller", "Controller")];
        if (controllers.Count > 0)
        {
            foreach (IdlRow controller in controllers)
            {
                v.Delete(controller);
            }

            v.Write(br, "controller", Datum.EmptySet);
        }
    }

    private static List<IdlRow> InsertTargets(VsctlContext v, string table, IEnumerable<string> targets, bool openFlow)
    {
        string? probe = v.Options.Get("--inactivity-probe");
        var rows = new List<IdlRow>();
        foreach (string target in targets)
        {
            bool valid = openFlow
                ? IsValidName(target, ["tcp", "ssl", "unix"]) || IsValidName(target, ["ptcp", "pssl", "punix"])
                : StreamFactory.IsActiveName(target) || StreamFactory.IsPassiveName(target);
            if (!valid)
            {
                s_log.Warn($"target type \"{target}\" is possibly erroneous");
            }

            IdlRow row = v.Insert(table);
            v.Write(row, "target", VsctlContext.Str(target));
            if (probe is not null)
            {
                v.Write(row, "inactivity_probe", Datum.Scalar(Atom.Integer(AtoLL(probe))));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Whether <paramref name="name"/> starts with one of the connection methods and a colon.</summary>
    private static bool IsValidName(string name, string[] methods)
    {
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && methods.Contains(name[..colon]);
    }

    private static long AtoLL(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }

        long value = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            value = unchecked((value * 10) + (s[i] - '0'));
        }

        return negative ? -value : value;
    }

    private static void SetController(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        IdlRow br = v.FindRealBridge(ctx.Argv[1], true)!.Row!;
        VerifyControllers(v, br);
        foreach (IdlRow controller in v.ReadRefs(br, "controller", "Controller").ToList())
        {
            v.Delete(controller);
        }

        List<IdlRow> controllers = InsertTargets(v, "Controller", ctx.Argv[2..], openFlow: true);
        v.Write(br, "controller", VsctlContext.Refs(controllers));
    }

    private static void GetFailMode(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        IdlRow br = v.FindBridge(ctx.Argv[1], true)!.Real.Row!;
        v.Verify(br, "fail_mode");
        string mode = v.ReadString(br, "fail_mode");
        if (mode.Length > 0)
        {
            ctx.Output.Append(mode).Append('\n');
        }
    }

    private static void DelFailMode(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        v.Write(v.FindRealBridge(ctx.Argv[1], true)!.Row!, "fail_mode", Datum.EmptySet);
    }

    private static void SetFailMode(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        IdlRow br = v.FindRealBridge(ctx.Argv[1], true)!.Row!;
        string mode = ctx.Argv[2];
        if (mode is not ("standalone" or "secure"))
        {
            throw new CliException("fail-mode must be \"standalone\" or \"secure\"");
        }

        v.Write(br, "fail_mode", VsctlContext.Str(mode));
    }

    private static void VerifyManagers(VsctlContext v)
    {
        v.Verify(v.Ovs, "manager_options");
        foreach (IdlRow manager in v.ReadRefs(v.Ovs, "manager_options", "Manager"))
        {
            v.Verify(manager, "target");
        }
    }

    private static void GetManager(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        VerifyManagers(v);
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (IdlRow manager in v.ReadRefs(v.Ovs, "manager_options", "Manager"))
        {
            targets.Add(v.ReadString(manager, "target"));
        }

        OutputSorted(ctx, [.. targets]);
    }

    private static void DeleteManagers(VsctlContext v)
    {
        foreach (IdlRow manager in v.ReadRefs(v.Ovs, "manager_options", "Manager").ToList())
        {
            v.Delete(manager);
        }

        v.Write(v.Ovs, "manager_options", Datum.EmptySet);
    }

    private static void DelManager(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        VerifyManagers(v);
        DeleteManagers(v);
    }

    private static void SetManager(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        VerifyManagers(v);
        DeleteManagers(v);
        List<IdlRow> managers = InsertTargets(v, "Manager", ctx.Argv[1..], openFlow: false);
        v.Write(v.Ovs, "manager_options", VsctlContext.Refs(managers));
    }

    private static void GetSsl(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.Verify(v.Ovs, "ssl");
        if (v.ReadRefs(v.Ovs, "ssl", "SSL").FirstOrDefault() is not { } ssl)
        {
            return;
        }

        v.Verify(ssl, "private_key");
        v.Verify(ssl, "certificate");
        v.Verify(ssl, "ca_cert");
        v.Verify(ssl, "bootstrap_ca_cert");
        bool bootstrap = v.Read(ssl, "bootstrap_ca_cert") is { Count: > 0 } b && b.Keys[0].AsBoolean;
        ctx.Output.Append("Private key: ").Append(v.ReadString(ssl, "private_key")).Append('\n')
            .Append("Certificate: ").Append(v.ReadString(ssl, "certificate")).Append('\n')
            .Append("CA Certificate: ").Append(v.ReadString(ssl, "ca_cert")).Append('\n')
            .Append("Bootstrap: ").Append(bootstrap ? "true" : "false").Append('\n');
    }

    private static void DelSsl(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        if (v.ReadRefs(v.Ovs, "ssl", "SSL").FirstOrDefault() is { } ssl)
        {
            v.Verify(v.Ovs, "ssl");
            v.Delete(ssl);
            v.Write(v.Ovs, "ssl", Datum.EmptySet);
        }
    }

    private static void SetSsl(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.Verify(v.Ovs, "ssl");
        if (v.ReadRefs(v.Ovs, "ssl", "SSL").FirstOrDefault() is { } old)
        {
            v.Delete(old);
        }

        IdlRow ssl = v.Insert("SSL");
        v.Write(ssl, "private_key", VsctlContext.Str(ctx.Argv[1]));
        v.Write(ssl, "certificate", VsctlContext.Str(ctx.Argv[2]));
        v.Write(ssl, "ca_cert", VsctlContext.Str(ctx.Argv[3]));
        v.Write(ssl, "bootstrap_ca_cert", Datum.Scalar(Atom.Boolean(ctx.Options.Contains("--bootstrap"))));
        v.Write(v.Ovs, "ssl", VsctlContext.Refs([ssl]));
    }
}
