// Upstream: the revalidator half of ofproto/ofproto-dpif-upcall.c: udpif_revalidator() (rounds, dump duration and
// the dynamic flow limit), revalidate() and revalidate_ukey() (stats deltas pushed through the xlate cache, flows
// idle past max-idle deleted, flows translated again after a change and kept, modified or deleted),
// revalidator_sweep() and revalidator_purge(), ukey_create_from_upcall()/ukey_install() and ukey_acquire()'s
// adoption of flows found in the datapath (OVS 3.1)
//
// One revalidation round dumps the datapath's flows with their statistics and, for each flow:
//   - pushes the packets, bytes and last-used time seen since the previous push to the rules, tables and groups
//     its translation touched (its ukey's cache), so that rule, table and group counters and idle timeouts follow
//     the traffic the datapath forwards on its own;
//   - deletes it when it has been idle past max-idle (100 ms while there are more flows than the flow limit; every
//     flow when there are twice as many), or when purging;
//   - when the tables, groups or ports changed since its translation (its generation is old), translates it again:
//     a flow whose new translation needs a bit the installed mask does not match, or must stay in the slow path, is
//     deleted; one whose actions changed is modified in place; the others are kept. Stats go to the new
//     translation's cache, except for deleted flows, whose final stats go to what they ran.
// Flows the datapath holds without a ukey (installed before a restart, by dpctl, or by an upcall whose ukey was
// swept too early) are adopted and translated like any other. Ukeys whose flow is no longer dumped are forgotten.
// Rounds run on the main loop every max-revalidator (500 ms) on the switch's clock, soon after every Invalidate(),
// and on request (revalidator/wait, revalidator/purge).
// Threading: all of this runs on the main loop; upcall threads only add ukeys (HandleMiss, TrackInstall).
using System.Collections.Concurrent;
using Ovs.Dpif;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Upcall;

internal sealed partial class UpcallDispatcher
{
    /// <summary>Upstream's starting flow limit before the dump durations adjust it.</summary>
    private const uint InitialFlowLimit = 10_000;

    private readonly ConcurrentDictionary<Ufid, Ukey> _ukeys = new();
    private long _round;
    private uint _flowLimit = InitialFlowLimit;
    private uint _avgFlows;
    private uint _maxFlows;
    private long _dumpDurationMs = 1;
    private int _revalidatorThread = Environment.CurrentManagedThreadId;
    private bool _megaflows = true;
    private bool _roundPosted;
    private Action<Action>? _post;
    private ITimer? _timer;

    /// <summary>The switch's clock (flow used times, idle ages); the daemon's clock once Start ran.</summary>
    public TimeProvider Time { get; private set; } = TimeProvider.System;

    /// <summary>The daemon-wide flow limit and max-idle.</summary>
    public UpcallSettings Settings { get; private set; } = new();

    /// <summary>The flow limit now: other_config:flow-limit or less, as the dump durations allow.</summary>
    public uint FlowLimit => Volatile.Read(ref _flowLimit);

    /// <summary>Number of ukeys (installed flows the switch tracks).</summary>
    public int UkeyCount => _ukeys.Count;

    /// <summary>Whether flows are installed with the translation's wildcards (upcall/disable-megaflows clears it).</summary>
    public bool MegaflowsEnabled
    {
        get => Volatile.Read(ref _megaflows);
        set => Volatile.Write(ref _megaflows, value);
    }

    private long NowMs => Time.GetTimestamp() * 1000 / Time.TimestampFrequency;

    /// <summary>
    /// Runs revalidation rounds on <paramref name="post"/>'s loop every max-revalidator on <paramref name="time"/>;
    /// without a loop (unit tests) a round runs at once whenever one is asked for. Only the first call counts.
    /// </summary>
    public void Start(TimeProvider time, Action<Action>? post, UpcallSettings settings)
    {
        if (_timer is not null || _post is not null)
        {
            return;
        }

        Time = time;
        Settings = settings;
        _post = post;
        if (post is not null)
        {
            TimeSpan period = TimeSpan.FromMilliseconds(UpcallSettings.DefaultMaxRevalidatorMs);
            _timer = time.CreateTimer(_ => post(() => Revalidate(purge: false)), null, period, period);
        }
    }

    /// <summary>Stops the periodic rounds (the datapath is closing).</summary>
    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>What upcall/show prints for this datapath, named <paramref name="name"/>.</summary>
    public string Show(string name)
    {
        ulong current = _flows is IDpifStats stats ? stats.GetStats().Flows : (ulong)_ukeys.Count;
        return $"{name}:\n"
            + $"  flows         : (current {current}) (avg {_avgFlows}) (max {_maxFlows}) (limit {FlowLimit})\n"
            + $"  dump duration : {_dumpDurationMs}ms\n"
            + "  ufid enabled : true\n\n"
            + $"  {_revalidatorThread}: (keys {_ukeys.Count})\n";
    }

    /// <summary>Whether a handler may install one more flow (below the flow limit).</summary>
    private bool MayInstall() => (uint)_ukeys.Count < FlowLimit;

    /// <summary>Makes the ukey of a flow an upcall installs; null (install nothing) when its UFID has one already.</summary>
    private DpifFlowPut? TrackInstall(Ufid ufid, in FlowData dpFlow, XlateResult result, XlateCache cache, long generation, long now)
    {
        FlowData masks = result.Megaflow.Masks;
        byte[] key, mask;
        if (MegaflowsEnabled)
        {
            key = EncodeKey(in dpFlow, in masks, mask: false);
            mask = EncodeKey(in dpFlow, in masks, mask: true);
        }
        else
        {
            // An exact-match flow: the key of every field the packet has, and no mask.
            masks = default;
            masks.Bytes.Fill(0xff);
            key = EncodeKey(in dpFlow, in masks, mask: false);
            mask = [];
        }

        var ukey = new Ukey(ufid, key, mask, in dpFlow, now, Interlocked.Read(ref _round))
        {
            Masks = masks,
            Actions = result.OdpActions,
            Cache = cache,
            Generation = generation,
        };
        return _ukeys.TryAdd(ufid, ukey)
            ? new DpifFlowPut(DpifFlowPutFlags.Create, key, mask, result.OdpActions, ufid)
            : null;
    }

    /// <summary>Asks for a round soon: at once without a loop, else once on the loop however often it is asked.</summary>
    private void RequestRevalidation()
    {
        if (_post is not { } post)
        {
            Revalidate(purge: false);
            return;
        }

        if (_roundPosted)
        {
            return;
        }

        _roundPosted = true;
        post(() =>
        {
            _roundPosted = false;
            Revalidate(purge: false);
        });
    }

    /// <summary>
    /// One full revalidation round (see the file header); with <paramref name="purge"/> every flow is deleted after
    /// its statistics are pushed (revalidator/purge).
    /// </summary>
    public void Revalidate(bool purge)
    {
        long round = Interlocked.Increment(ref _round);
        long generation = Interlocked.Read(ref _generation);
        long start = NowMs;
        _revalidatorThread = Environment.CurrentManagedThreadId;
        IReadOnlyList<DpifFlow> flows = _flows.FlowDump();
        uint count = (uint)flows.Count;
        _maxFlows = Math.Max(_maxFlows, count);
        _avgFlows = (_avgFlows + count) / 2;

        uint limit = FlowLimit;
        bool killAll = count > 2UL * limit;
        long maxIdle = count > limit ? 100 : Settings.MaxIdleMs;
        foreach (DpifFlow flow in flows)
        {
            if (flow.Ufid is not Ufid ufid)
            {
                continue;
            }

            Ukey? ukey = _ukeys.TryGetValue(ufid, out Ukey? known) ? known : Adopt(flow, ufid, round);
            if (ukey is null || ukey.SeenRound == round)
            {
                continue;
            }

            ukey.SeenRound = round;
            long used = flow.Stats.Used != 0 ? flow.Stats.Used : ukey.CreatedMs;
            bool hadPackets = flow.Stats.PacketCount > ukey.Stats.PacketCount;
            if (purge || killAll || used < start - maxIdle || !Check(ukey, generation, hadPackets))
            {
                Delete(ukey, flow.Stats);
            }
            else
            {
                ukey.Cache.Push(Delta(flow.Stats, ukey.Stats));
                ukey.Stats = flow.Stats;
            }
        }

        Sweep(round, purge);
        AdjustFlowLimit(Math.Max(NowMs - start, 1), count);
    }

    /// <summary>
    /// revalidate_ukey(): brings a kept flow up to date with the current tables: false when it must go; else its
    /// actions are modified when they changed, and its cache replaced by the new translation's. As upstream's
    /// xlate_key(), the translation learns (learn and fin_timeout actions, MAC learning) only when the flow
    /// received packets since its statistics were last pushed (<paramref name="hadPackets"/>): a flow that saw no traffic
    /// must not, say, re-learn a flow a controller has just deleted.
    /// </summary>
    private bool Check(Ukey ukey, long generation, bool hadPackets)
    {
        if (ukey.Generation == generation)
        {
            return true;
        }

        var cache = new XlateCache();
        FlowData masks;
        byte[] actions;
        IXlateBridge? bridge = FindByDpPort(ukey.Flow.U16(FlowLayout.InPort), out XlatePort? port);
        if (bridge is null || port is null)
        {
            // A port no bridge owns: an exact-match drop flow, as HandleMiss installs.
            masks = default;
            masks.Bytes.Fill(0xff);
            actions = [];
        }
        else
        {
            FlowData flow = ukey.Flow;
            flow.SetU16(FlowLayout.InPort, port.OfPort);
            XlateResult result = Xlator.Translate(bridge, in flow, trace: false, sideEffects: true, learn: hadPackets, cache: cache);

            // Slow-path flows, and ones whose actions hang on a limited learn that cannot happen now (its learned flow
            // is gone and no packet came to learn it again), go: the next packet comes up and learns.
            if (result.Slow != SlowPathReasons.None || result.AvoidCaching)
            {
                return false;
            }

            masks = MegaflowsEnabled ? result.Megaflow.Masks : ukey.Masks;
            actions = result.OdpActions;
        }

        // The installed flow must not match packets the new translation tells apart.
        if (HasExtraWildcards(ukey.Masks, masks))
        {
            return false;
        }

        if (!ukey.Actions.Span.SequenceEqual(actions))
        {
            var put = new DpifFlowPut(DpifFlowPutFlags.Modify, ukey.Key, ukey.Mask, actions, ukey.Ufid);
            if (_flows.FlowPut(put, out _) != 0)
            {
                return false;
            }

            ukey.Actions = actions;
        }

        ukey.Cache = cache;
        ukey.Generation = generation;
        return true;
    }

    /// <summary>Deletes a ukey's flow and pushes its last statistics to what it ran.</summary>
    private void Delete(Ukey ukey, DpifFlowStats dumped)
    {
        DpifFlowStats final = _flows.FlowDel(ukey.Key, ukey.Ufid, out DpifFlowStats last) == 0 ? last : dumped;
        ukey.Cache.Push(Delta(final, ukey.Stats));
        _ukeys.TryRemove(new KeyValuePair<Ufid, Ukey>(ukey.Ufid, ukey));
    }

    /// <summary>
    /// revalidator_sweep(): ukeys whose flow the dump did not show. A flow seen before has been deleted by someone
    /// else; one never seen after a whole round was never installed. Purging deletes them all.
    /// </summary>
    private void Sweep(long round, bool purge)
    {
        foreach (Ukey ukey in _ukeys.Values)
        {
            if (ukey.SeenRound == round)
            {
                continue;
            }

            if (purge && ukey.CreatedRound < round)
            {
                Delete(ukey, ukey.Stats);
            }
            else if (ukey.SeenRound >= 0 || ukey.CreatedRound < round - 1)
            {
                _ukeys.TryRemove(new KeyValuePair<Ufid, Ukey>(ukey.Ufid, ukey));
            }
        }
    }

    /// <summary>ukey_create_from_dpif_flow(): a ukey for a flow found in the datapath, to translate at once.</summary>
    private Ukey? Adopt(DpifFlow flow, Ufid ufid, long round)
    {
        if (OdpFlowKey.ToFlow(flow.Key.Span, out FlowData key) == OdpKeyFitness.Error)
        {
            return null;
        }

        FlowData masks = default;
        if (flow.Mask.IsEmpty)
        {
            masks.Bytes.Fill(0xff);
        }
        else if (OdpFlowKey.ToMask(flow.Mask.Span, key, out masks) == OdpKeyFitness.Error)
        {
            return null;
        }

        var ukey = new Ukey(ufid, flow.Key, flow.Mask, in key, NowMs, round) { Masks = masks, Actions = flow.Actions };
        return _ukeys.GetOrAdd(ufid, ukey);
    }

    /// <summary>The udpif_revalidator() leader's flow limit: lower when dumps are slow, higher when they are quick.</summary>
    private void AdjustFlowLimit(long durationMs, uint flows)
    {
        _dumpDurationMs = durationMs;
        ulong limit = FlowLimit;
        if (durationMs > 2000)
        {
            limit /= (ulong)(durationMs / 1000);
        }
        else if (durationMs > 1300)
        {
            limit = limit * 3 / 4;
        }
        else if (durationMs < 1000 && limit < (ulong)flows * 1000 / (ulong)durationMs)
        {
            limit += 1000;
        }

        Volatile.Write(ref _flowLimit, (uint)Math.Min(Settings.FlowLimit, Math.Max(limit, 1000)));
    }

    /// <summary>Whether <paramref name="installed"/> wildcards a bit that <paramref name="wanted"/> matches.</summary>
    private static bool HasExtraWildcards(in FlowData installed, in FlowData wanted)
    {
        ReadOnlySpan<ulong> have = installed.ReadOnlyWords;
        ReadOnlySpan<ulong> want = wanted.ReadOnlyWords;
        for (int i = 0; i < have.Length; i++)
        {
            if ((want[i] & ~have[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The packets and bytes a flow saw since <paramref name="before"/> (all of them if its counters restarted).</summary>
    private static XlateStats Delta(DpifFlowStats now, DpifFlowStats before)
    {
        bool restarted = now.PacketCount < before.PacketCount || now.ByteCount < before.ByteCount;
        return restarted
            ? new XlateStats(now.PacketCount, now.ByteCount, now.Used)
            : new XlateStats(now.PacketCount - before.PacketCount, now.ByteCount - before.ByteCount, now.Used);
    }
}
