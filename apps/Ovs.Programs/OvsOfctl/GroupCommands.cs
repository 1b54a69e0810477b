// Upstream: utilities/ovs-ofctl.c, ofctl_group_mod(), ofctl_group_mod_file(), ofctl_group_mod__(),
// ofctl_dump_group_desc(), ofctl_dump_group_stats() and ofctl_dump_group_features() (OVS 3.1)
//
// Groups over a connection: group mods parse first (after the switch's table and port names are fetched, as for
// flows), go out one by one each followed by a barrier, and an error from the switch ends the program as for flow
// mods. Dumps print the switch's replies as ofp-print does.
using System.Globalization;
using System.Text;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class GroupCommands
{
    public static void AddGroup(OfctlContext ctx) => GroupMod(ctx, GroupCommand.Add);

    public static void AddGroups(OfctlContext ctx) => GroupModFile(ctx, null);

    public static void ModGroup(OfctlContext ctx) => GroupMod(ctx, ctx.Options.MayCreate ? GroupCommand.AddOrModify : GroupCommand.Modify);

    public static void DelGroups(OfctlContext ctx) => GroupMod(ctx, GroupCommand.Delete);

    public static void InsertBuckets(OfctlContext ctx) => GroupMod(ctx, GroupCommand.InsertBucket);

    public static void RemoveBuckets(OfctlContext ctx) => GroupMod(ctx, GroupCommand.RemoveBucket);

    public static void DumpGroups(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        uint groupId = ctx.Args.Count > 1 && TryParseGroup(ctx.Args[1], out uint id) ? id : GroupIds.All;
        vconn.DumpTransaction(GroupCodec.EncodeGroupRequest(groupId, vconn.Version, OfpXid.Next(), desc: true), ctx.Out);
    }

    public static void DumpGroupStats(OfctlContext ctx)
    {
        string target = ctx.Args[0];
        OfctlVconn.FetchTableNames(target, ctx.Options);
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        string? error = GroupParser.Parse(ctx.Args.Count > 1 ? ctx.Args[1] : "", GroupCommand.Delete, out GroupMod? gm, ports);
        if (error is not null)
        {
            throw new CliException(error);
        }

        using OfctlVconn vconn = OfctlVconn.Open(target, ctx.Options);
        vconn.DumpTransaction(GroupCodec.EncodeGroupRequest(gm!.Group.GroupId, vconn.Version, OfpXid.Next()), ctx.Out);
    }

    public static void DumpGroupFeatures(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        OfpRaw raw = vconn.Version < (byte)OfpVersion.Of12 ? OfpRaw.NxstGroupFeaturesRequest : OfpRaw.Ofpst12GroupFeaturesRequest;
        vconn.DumpTransaction(vconn.Encode(raw), ctx.Out);
    }

    /// <summary>
    /// ofctl_parse_group(): parse an "add" group, print the protocols that can carry it and the version of the first
    /// of them that the -O/-F options allow, then the group mod encoded in that version as ofp-print shows it.
    /// </summary>
    public static void ParseGroup(OfctlContext ctx)
    {
        string? error = GroupParser.Parse(ctx.Args[0], GroupCommand.Add, out GroupMod? gm, out ProtocolSet usable);
        if (error is not null)
        {
            throw new CliException(error);
        }

        var sb = new StringBuilder();
        sb.Append("usable protocols: ").Append(OfpProtocolNames.Format(usable)).Append('\n');
        ProtocolSet both = usable & ctx.Options.AllowedProtocols;
        if (both == ProtocolSet.None)
        {
            ctx.Out.Write(sb);
            ctx.Out.Flush();
            throw new CliException("no usable protocol");
        }

        byte version = Ovs.OpenFlow.Messages.FlowMod.VersionOf((ProtocolSet)((int)both & -(int)both));
        sb.Append("chosen version: ").Append(Ovs.OpenFlow.Actions.ActionDecoder.OfpVersionText(version)).Append('\n');
        OfpPrinter.Append(sb, GroupCodec.EncodeGroupMod(gm!, version, 1), new OfpPrintContext(ctx.Options.Verbosity, null));
        ctx.Out.Write(sb);
    }

    private static void GroupMod(OfctlContext ctx, GroupCommand command)
    {
        if (ctx.Args.Count > 1 && ctx.Args[1] == "-")
        {
            GroupModFile(ctx, command == GroupCommand.Add ? null : command);
            return;
        }

        string target = ctx.Args[0];
        OfctlVconn.FetchTableNames(target, ctx.Options);
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        string? error = GroupParser.Parse(ctx.Args.Count > 1 ? ctx.Args[1] : "", command, out GroupMod? gm, out ProtocolSet usable, ports);
        if (error is not null)
        {
            throw new CliException(error);
        }

        SendGroupMods(ctx, [gm!], usable);
    }

    /// <summary>parse_ofp_group_mod_file(): one group per line, '#' comments and blank lines skipped.</summary>
    private static void GroupModFile(OfctlContext ctx, GroupCommand? command)
    {
        string target = ctx.Args[0];
        string fileName = ctx.Args[1];
        OfctlVconn.FetchTableNames(target, ctx.Options);
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        TextReader reader;
        try
        {
            reader = fileName == "-" ? Console.In : new StreamReader(fileName, Encoding.Latin1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{fileName}: open failed ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }

        var gms = new List<GroupMod>();
        ProtocolSet usable = ProtocolSet.Any;
        using (fileName == "-" ? null : reader)
        {
            int lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                int comment = line.IndexOf('#', StringComparison.Ordinal);
                line = comment >= 0 ? line[..comment] : line;
                if (line.AsSpan().Trim(" \t\r\n\v\f").IsEmpty)
                {
                    continue;
                }

                string? error = GroupParser.Parse(line, command, out GroupMod? gm, out ProtocolSet lineUsable, ports);
                if (error is not null)
                {
                    throw new CliException($"{fileName}:{lineNumber}: {error}");
                }

                gms.Add(gm!);
                usable &= lineUsable;
            }
        }

        SendGroupMods(ctx, gms, usable);
    }

    /// <summary>
    /// ofctl_group_mod__(), and bundle_group_mod__() for --bundle (OpenFlow 1.3 or later): the protocol comes from
    /// what the group mods can use.
    /// </summary>
    private static void SendGroupMods(OfctlContext ctx, List<GroupMod> gms, ProtocolSet usable)
    {
        if (ctx.Options.Bundle)
        {
            usable &= BundleTransaction.Protocols;
        }

        OfctlVconn.CheckFlowModProtocols(usable, ctx.Options.AllowedProtocols);
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        byte version = Ovs.OpenFlow.Messages.FlowMod.VersionOf(vconn.SetProtocolForFlowMod(usable));
        var requests = new List<byte[]>();
        foreach (GroupMod gm in gms)
        {
            if (gm.Command is GroupCommand.InsertBucket or GroupCommand.RemoveBucket && version is > 1 and < 6)
            {
                throw new CliException($"{GroupCodec.BucketCommandNeedsVersion(gm.Command)}");
            }

            byte[] request = GroupCodec.EncodeGroupMod(gm, version, OfpXid.Next());
            if (ctx.Options.Bundle)
            {
                requests.Add(request);
            }
            else
            {
                vconn.TransactNoReply([request]);
            }
        }

        if (ctx.Options.Bundle)
        {
            BundleTransaction.Run(vconn, requests, ctx);
        }
    }

    /// <summary>ofputil_group_from_string(): "all", "any" or a number up to OFPG_MAX.</summary>
    private static bool TryParseGroup(string s, out uint id)
    {
        if (s.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            id = GroupIds.All;
            return true;
        }

        if (s.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            id = GroupIds.Any;
            return true;
        }

        return uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= GroupIds.Max;
    }
}
