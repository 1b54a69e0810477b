// A provider that stands in for ofproto in tests: bridges of its datapath types exist, interfaces get OpenFlow
// port numbers (ofport_request when given, else the next free one), and the interfaces named in FailingInterfaces
// fail with the text upstream's bridge layer logs (and logs it) when a network device cannot be opened.
using Ovs.Common.Logging;
using Ovs.Ofproto.Connmgr;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Tests.Bridges;

internal sealed class FakeBridgeProvider : IBridgeProvider
{
    public IReadOnlyList<string> DatapathTypes { get; init; } = ["dummy", "netdev"];

    public IReadOnlyList<string> InterfaceTypes { get; init; } = ["dummy", "internal"];

    public HashSet<string> FailingInterfaces { get; } = new(StringComparer.Ordinal);

    /// <summary>What happened, in order: "create br0", "destroy br0 cleanup=True", "reconnect br0".</summary>
    public List<string> Events { get; } = [];

    public int TryCreate(BridgeConfig config, out IBridge? bridge)
    {
        if (!DatapathTypes.Contains(config.NormalizedDatapathType))
        {
            bridge = null;
            return Ovs.Common.OvsErrno.EAFNOSUPPORT;
        }

        Events.Add($"create {config.Name}");
        bridge = new FakeBridge(this, config.Name);
        return 0;
    }

    private sealed class FakeBridge(FakeBridgeProvider provider, string name) : IBridge
    {
        private readonly Dictionary<Guid, long> _ofports = [];
        private IReadOnlyList<ControllerConfig> _controllers = [];

        public string Name => name;

        public IReadOnlyList<InterfaceStatus> Reconfigure(BridgeConfig config)
        {
            string targets = Describe(config.Controllers);
            if (targets != Describe(_controllers))
            {
                provider.Events.Add($"controllers {name} {targets}");
            }

            _controllers = config.Controllers;
            var statuses = new List<InterfaceStatus>();
            foreach (PortConfig port in config.Ports)
            {
                foreach (InterfaceConfig iface in port.Interfaces)
                {
                    if (provider.FailingInterfaces.Contains(iface.Name))
                    {
                        // As upstream's bridge layer, the bridge logs its own failures.
                        string error = $"could not open network device {iface.Name} (No such device)";
                        VlogModule.Get("bridge").Warn(error);
                        statuses.Add(InterfaceStatus.Failed(iface.Uuid, error));
                        continue;
                    }

                    if (!_ofports.TryGetValue(iface.Uuid, out long ofport))
                    {
                        ofport = iface.OfportRequest ?? (_ofports.Count == 0 ? 1 : _ofports.Values.Max() + 1);
                        _ofports[iface.Uuid] = ofport;
                    }

                    statuses.Add(InterfaceStatus.Created(iface.Uuid, ofport));
                }
            }

            return statuses;
        }

        private static string Describe(IReadOnlyList<ControllerConfig> controllers) =>
            string.Join(' ', controllers.OrderBy(c => c.Target, StringComparer.Ordinal).Select(c => $"{c.Target}({c.MaxBackoff},{c.InactivityProbe},{c.Type})"));

        /// <summary>Every active target is connected, with the "other" role; passive ones have no status.</summary>
        public IReadOnlyList<ControllerStatus> ControllerStatuses() =>
        [
            .. _controllers.Where(c => !c.Target.StartsWith('p')).Select(c =>
                new ControllerStatus(c.Target, true, "other", new Dictionary<string, string> { ["state"] = "ACTIVE", ["sec_since_connect"] = "0" })),
        ];

        public void ReconnectControllers() => provider.Events.Add($"reconnect {name}");

        public void Destroy(bool deleteDatapath) => provider.Events.Add($"destroy {name} cleanup={deleteDatapath}");

        public void GetMemoryUsage(IDictionary<string, long> usage) =>
            usage["ports"] = (usage.TryGetValue("ports", out long n) ? n : 0) + _ofports.Count;
    }
}
