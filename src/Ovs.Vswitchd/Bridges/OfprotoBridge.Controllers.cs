// Upstream: vswitchd/bridge.c, bridge_configure_remotes(), get_controller_ofconn_type(), equal_pathnames() and
// refresh_controller_status() (OVS 3.1)
//
// The bridge's OpenFlow remotes: the management socket punix:$OVS_RUNDIR/BR.mgmt (a service connection, through
// which ovs-ofctl reaches the bridge), the snoop socket punix:$OVS_RUNDIR/BR.snoop (ovs-ofctl snoop), and one target
// per Controller row, with the row's settings: max_backoff (milliseconds; 8 s when empty), inactivity_probe
// (milliseconds; 5 s when empty, 0 for none, at least 1 s), connection_mode (in-band unless out-of-band or
// other_config:disable-in-band), type (primary or service; by default active targets are primary and passive ones
// service) and enable_async_messages. All of them speak the
// versions of the protocols column (OpenFlow 1.0 to 1.5 when empty). A self-confined daemon refuses Unix socket
// controllers outside $OVS_RUNDIR, as upstream's does. The state of each active controller goes back to its
// Controller row (is_connected, role, status).
// Threading: main loop only.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ofproto.Connmgr;
using Ovs.Transport.Streams;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    private static readonly VlogRateLimit s_confineLimit = new(1, 5);

    private readonly bool _selfConfine;

    /// <summary>The state of the bridge's active controllers, by target.</summary>
    public IReadOnlyList<ControllerStatus> ControllerStatuses() => _ofproto.Connections?.ControllerStatuses() ?? [];

    private void ConfigureRemotes(BridgeConfig config)
    {
        uint versions = AllowedVersions(config.Protocols);
        bool disableInBand = config.OtherConfig.TryGetValue("disable-in-band", out string? disable) && disable == "true";
        var controllers = new List<ControllerSettings>
        {
            new($"punix:{OvsPaths.RunDir}/{Name}.mgmt") { ProbeInterval = 60, AllowedVersions = versions },
        };

        foreach (ControllerConfig c in config.Controllers)
        {
            if (_selfConfine && !IsConfined(c.Target))
            {
                continue;
            }

            controllers.Add(new ControllerSettings(c.Target)
            {
                IsPrimary = c.Type is { } type ? type == "primary" : StreamFactory.IsActiveName(c.Target),
                MaxBackoff = c.MaxBackoff is long backoff ? (int)Math.Clamp(backoff / 1000, 0, int.MaxValue) : 8,
                ProbeInterval = c.InactivityProbe switch
                {
                    null => 5,
                    0 => 0,
                    < 1000 => 1,
                    long probe => (int)Math.Min(probe / 1000, int.MaxValue),
                },
                InBand = (c.ConnectionMode is null or "in-band") && !disableInBand,
                EnableAsyncMessages = c.EnableAsyncMessages ?? true,
                AllowedVersions = versions,
            });
        }

        _ofproto.Connections?.SetControllers(controllers);

        // The snoop socket, opened once (bridge_configure_remotes()): ovs-ofctl snoop watches the controllers there.
        if (_ofproto.Connections is { HasSnoops: false } connections)
        {
            connections.SetSnoops([$"punix:{OvsPaths.RunDir}/{Name}.snoop"]);
        }
    }

    /// <summary>The protocols column as a version bitmap; upstream's default versions when it names none.</summary>
    private static uint AllowedVersions(IReadOnlyList<string> protocols)
    {
        uint versions = 0;
        foreach (string protocol in protocols)
        {
            if (protocol.StartsWith("OpenFlow1", StringComparison.Ordinal) && protocol.Length == 10 && protocol[9] is >= '0' and <= '5')
            {
                versions |= 1u << (protocol[9] - '0' + 1);
            }
        }

        return versions == 0 ? global::Ovs.Ofproto.Vconn.Vconn.DefaultVersions : versions;
    }

    /// <summary>
    /// Whether a self-confined daemon may use <paramref name="target"/>: "unix:" only in $OVS_RUNDIR (or a bare
    /// name), "punix:" only as $OVS_RUNDIR/BRIDGE.*; everything else is allowed.
    /// </summary>
    private bool IsConfined(string target)
    {
        string runDir = OvsPaths.RunDir;
        if (target.StartsWith("unix:", StringComparison.Ordinal))
        {
            string allowed = $"unix:{runDir}/";
            if (target.Contains('/', StringComparison.Ordinal) && !EqualPathnames(target, allowed, allowed.Length))
            {
                s_log.Err(s_confineLimit, $"bridge {Name}: Not connecting to socket controller \"{target}\" due to possibility for remote exploit.  Instead, specify socket in permitted directory \"{allowed}\" or connect to \"unix:{runDir}/{Name}.mgmt\" (which is always available without special configuration).");
                return false;
            }
        }
        else if (target.StartsWith("punix:", StringComparison.Ordinal))
        {
            string allowed = $"punix:{runDir}/{Name}.";
            if (!EqualPathnames(target, allowed, allowed.Length) || target.AsSpan(Math.Min(allowed.Length, target.Length)).Contains('/'))
            {
                s_log.Err(s_confineLimit, $"bridge {Name}: Not adding Unix domain socket controller \"{target}\" due to possibility of overwriting local files. Instead, specify path in permitted format \"{allowed}*\" or connect to \"unix:{runDir}/{Name}.mgmt\" (which is always available without special configuration).");
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the first <paramref name="prefixLength"/> characters of <paramref name="prefix"/> match the start of
    /// <paramref name="path"/>, a run of slashes in either matching a run of slashes in the other ("x///y" = "x/y").
    /// </summary>
    internal static bool EqualPathnames(string path, string prefix, int prefixLength)
    {
        int i = 0;
        int j = 0;
        while (j < prefixLength)
        {
            char a = i < path.Length ? path[i] : '\0';
            char b = j < prefix.Length ? prefix[j] : '\0';
            if (a != b)
            {
                return false;
            }

            if (a == '\0')
            {
                return true;
            }

            if (a == '/')
            {
                while (i < path.Length && path[i] == '/')
                {
                    i++;
                }

                while (j < prefix.Length && prefix[j] == '/')
                {
                    j++;
                }
            }
            else
            {
                i++;
                j++;
            }
        }

        return true;
    }
}
