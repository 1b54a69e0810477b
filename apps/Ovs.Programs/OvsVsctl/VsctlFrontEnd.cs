// Upstream: utilities/ovs-vsctl.c, do_vsctl() around the commands, and post_db_reload_do_checks() (OVS 3.1)
//
// Before the commands run, the transaction gets a comment naming the caller, the Open_vSwitch row (created
// when the table is empty) and, unless --no-wait, an increment of next_cfg. After a commit that changed
// something, --wait blocks until ovs-vswitchd reports the new configuration in cur_cfg, then reports interfaces
// this run created that ovs-vswitchd failed to set up.
using Ovs.Cli.DbCtl;
using Ovs.Common;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.OvsVsctl;

internal sealed class VsctlFrontEnd(bool waitForReload) : IDbCtlFrontEnd
{
    public CtlContext CreateContext(DbCtlEngine engine, OvsdbIdl idl) => new VsctlContext(engine, idl);

    public void RegisterColumns(OvsdbIdl idl)
    {
        // Every column of Open_vSwitch, cur_cfg included (for --wait).
        idl.RegisterTable("Open_vSwitch");
    }

    public void BeginTransaction(CtlContext ctx, string commandLine)
    {
        var v = (VsctlContext)ctx;
        string? parent = ParentProcessInfo();
        ctx.Transaction.AddComment(parent is null ? $"ovs-vsctl: {commandLine}" : $"ovs-vsctl (invoked by {parent}): {commandLine}");
        IdlRow? ovs = v.AllRows("Open_vSwitch").FirstOrDefault();
        ovs ??= v.Insert("Open_vSwitch");
        v.Ovs = ovs;
        if (waitForReload)
        {
            ColumnSchema nextCfg = ovs.Table.Schema.GetColumn("next_cfg")!;
            ctx.Transaction.Increment(ovs, nextCfg, force: false);
        }
    }

    public async Task AfterCommitAsync(CtlContext ctx, IdlTxnStatus status, CancellationToken cancellationToken)
    {
        if (!waitForReload || status == IdlTxnStatus.Unchanged)
        {
            return;
        }

        var v = (VsctlContext)ctx;
        long nextCfg = ctx.Transaction.IncrementNewValue;
        OvsdbIdl idl = ctx.Idl;
        await idl.WaitUntilAsync(() => CurCfgReached(idl, nextCfg), cancellationToken).ConfigureAwait(false);
        CheckNewInterfaces(v);
    }

    private static bool CurCfgReached(OvsdbIdl idl, long nextCfg)
    {
        if (idl.GetTable("Open_vSwitch") is not { } table)
        {
            return false;
        }

        foreach (IdlRow row in table.Rows)
        {
            Datum cur = row.Get("cur_cfg");
            if (cur.Count > 0 && cur.Keys[0].AsInteger >= nextCfg)
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckNewInterfaces(VsctlContext v)
    {
        bool printError = false;
        IdlTable? ifaces = v.Idl.GetTable("Interface");
        foreach (Guid dummy in v.NewIfaces)
        {
            if (ifaces is null || v.Transaction.GetInsertedUuidFor(dummy) is not { } uuid || ifaces.Find(uuid) is not { } iface)
            {
                continue;
            }

            Datum ofport = iface.Get("ofport");
            if (ofport.Count == 0 || ofport.Keys[0].AsInteger == -1)
            {
                Datum error = iface.Get("error");
                string name = iface.Get("name").Keys[0].AsString;
                Console.Error.Write(error.Count > 0 && error.Keys[0].AsString.Length > 0
                    ? $"{OvsProgram.Name}: Error detected while setting up '{name}': {error.Keys[0].AsString}.  See ovs-vswitchd log for details.\n"
                    : $"{OvsProgram.Name}: Error detected while setting up '{name}'.  See ovs-vswitchd log for details.\n");
                printError = true;
            }
        }

        if (printError)
        {
            Console.Error.Write($"{OvsProgram.Name}: The default log directory is \"{OvsPaths.LogDir}\".\n");
        }
    }

    /// <summary>"COMMAND (pid N)" for the parent process, as upstream reads it from /proc.</summary>
    private static string? ParentProcessInfo()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            int close = stat.LastIndexOf(')');
            string[] fields = stat[(close + 2)..].Split(' ');
            int ppid = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            if (ppid == 0)
            {
                return "init (pid 0)";
            }

            string command = string.Empty;
            try
            {
                byte[] cmdline = File.ReadAllBytes($"/proc/{ppid}/cmdline");
                int end = Array.IndexOf(cmdline, (byte)0);
                int newline = Array.IndexOf(cmdline, (byte)'\n');
                if (newline >= 0 && (end < 0 || newline < end))
                {
                    end = newline;
                }

                command = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            }
            catch (IOException)
            {
            }

            return $"{command} (pid {ppid})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
