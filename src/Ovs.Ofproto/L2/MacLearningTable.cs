// Upstream: lib/mac-learning.c and lib/mac-learning.h (OVS 3.1), behaviour only.
//
// A bridge's MAC learning table: which port (upstream's bundle, here named by the Port row) a MAC address was last
// seen on, per VLAN. Entries age out idleTime seconds after they were last refreshed (15..3600, default 300); the
// table holds at most maxEntries (10..1,000,000, default 8192), and a learn into a full table evicts the least
// recently used entry of the port with the most entries. Static entries (fdb/add) never age, are never evicted nor
// flushed, and are not moved by traffic. A dynamic entry learned from a gratuitous ARP on a non-bond port is locked
// for 5 s against moves by gratuitous ARPs arriving on bonds.
// Every change that can alter a forwarding decision (an entry learned, moved or removed) sets NeedRevalidate, which
// the owner reads with Run() (or TakeNeedRevalidate()) to retire the datapath flows that relied on the old table.
// Threading: every member is safe from any thread (one lock); time is read from the TimeProvider in whole seconds.
using Ovs.Common.Diagnostics;

namespace Ovs.Ofproto.L2;

/// <summary>One entry as fdb/show reports it: AgeSeconds is null for a static entry.</summary>
internal readonly record struct MacEntryInfo(ulong Mac, int Vlan, string Port, int? AgeSeconds);

/// <summary>The statistics fdb/stats-show prints.</summary>
internal readonly record struct MacLearningStats(
    int Count, int MaxEntries, int StaticEntries, ulong Learned, ulong Expired, ulong Evicted, ulong Moved);

internal sealed class MacLearningTable
{
    public const int DefaultIdleTime = 300;
    public const int DefaultMaxEntries = 8192;
    private const int GratArpLockTime = 5;

    private static readonly CoverageCounter s_learned = CoverageCounter.Get("mac_learning_learned");
    private static readonly CoverageCounter s_expired = CoverageCounter.Get("mac_learning_expired");
    private static readonly CoverageCounter s_evicted = CoverageCounter.Get("mac_learning_evicted");
    private static readonly CoverageCounter s_moved = CoverageCounter.Get("mac_learning_moved");
    private static readonly CoverageCounter s_staticNoneMove = CoverageCounter.Get("mac_learning_static_none_move");

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<(ulong Mac, int Vlan), Entry> _table = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly Dictionary<string, LinkedList<Entry>> _byPort = new(StringComparer.Ordinal);
    private int _idleTime = DefaultIdleTime;
    private int _maxEntries = DefaultMaxEntries;
    private int _staticEntries;
    private ulong _learned, _expired, _evicted, _moved;
    private bool _needRevalidate;

    public MacLearningTable(TimeProvider time) => _time = time;

    /// <summary>Seconds an unrefreshed dynamic entry lives (other_config:mac-aging-time), clamped to 15..3600.</summary>
    public int IdleTime
    {
        get
        {
            lock (_lock)
            {
                return _idleTime;
            }
        }

        set
        {
            int idle = Math.Clamp(value, 15, 3600);
            lock (_lock)
            {
                // Entries keep their age: their expiry moves with the idle time.
                int delta = idle - _idleTime;
                foreach (Entry e in _lru)
                {
                    if (!e.IsStatic)
                    {
                        e.Expires += delta;
                    }
                }

                _idleTime = idle;
            }
        }
    }

    /// <summary>Most entries (other_config:mac-table-size), clamped to 10..1,000,000.</summary>
    public int MaxEntries
    {
        get
        {
            lock (_lock)
            {
                return _maxEntries;
            }
        }

        set
        {
            lock (_lock)
            {
                _maxEntries = Math.Clamp(value, 10, 1000 * 1000);
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _table.Count;
            }
        }
    }

    private long Now => _time.GetTimestamp() / _time.TimestampFrequency;

    /// <summary>True for group (multicast, broadcast) addresses, which are never learned nor looked up.</summary>
    public static bool IsMulticast(ulong mac) => (mac & 0x0100_0000_0000UL) != 0;

    /// <summary>The port <paramref name="mac"/> was learned on in <paramref name="vlan"/>, or null.</summary>
    public string? Lookup(ulong mac, int vlan)
    {
        if (IsMulticast(mac))
        {
            return null;
        }

        lock (_lock)
        {
            return _table.TryGetValue((mac, vlan), out Entry? e) ? e.Port : null;
        }
    }

    /// <summary>
    /// mac_learning_update(): learns that <paramref name="mac"/> is on <paramref name="port"/> in
    /// <paramref name="vlan"/> (or refreshes the entry). Returns true when the table changed where the entry points.
    /// </summary>
    public bool Update(ulong mac, int vlan, string port, bool gratuitousArp = false, bool isBond = false)
    {
        if (IsMulticast(mac))
        {
            return false;
        }

        lock (_lock)
        {
            long now = Now;
            _table.TryGetValue((mac, vlan), out Entry? e);
            if (e is not null)
            {
                if (e.IsStatic)
                {
                    if (e.Port != port)
                    {
                        s_staticNoneMove.Hit();
                    }

                    return false;
                }

                // A refresh of a live entry, or a move: both go through the update below; a same-second repeat on
                // the same port, or a gratuitous ARP on a bond while the entry is locked, changes nothing.
                bool alive = AgeOf(e, now) > 0;
                if (!alive && gratuitousArp && isBond && now < e.GratArpLock)
                {
                    return false;
                }

                if (!alive && !gratuitousArp && e.Port == port)
                {
                    return false;
                }
            }

            e = Insert(mac, vlan, isStatic: false, now);
            if (gratuitousArp)
            {
                if (!isBond)
                {
                    e.GratArpLock = now + GratArpLockTime;
                }
                else if (now < e.GratArpLock)
                {
                    return false;
                }
            }

            if (e.Port != port)
            {
                if (e.Port is not null)
                {
                    s_moved.Hit();
                    _moved++;
                }

                SetPort(e, port);
                return true;
            }

            return false;
        }
    }

    /// <summary>fdb/add: a static entry for <paramref name="mac"/> on <paramref name="port"/> (replacing any entry).</summary>
    public void AddStatic(ulong mac, int vlan, string port)
    {
        lock (_lock)
        {
            Entry e = Insert(mac, vlan, isStatic: true, Now);
            SetPort(e, port);
        }
    }

    /// <summary>fdb/del: removes the static entry; false when there is none (a dynamic one stays).</summary>
    public bool DeleteStatic(ulong mac, int vlan)
    {
        lock (_lock)
        {
            if (IsMulticast(mac) || !_table.TryGetValue((mac, vlan), out Entry? e) || !e.IsStatic)
            {
                return false;
            }

            Remove(e);
            _staticEntries--;
            return true;
        }
    }

    /// <summary>The entry's description for fdb/add's "Overriding already existing ..." remark: (port, static), or null.</summary>
    public (string Port, bool IsStatic)? Find(ulong mac, int vlan)
    {
        lock (_lock)
        {
            return !IsMulticast(mac) && _table.TryGetValue((mac, vlan), out Entry? e) ? (e.Port!, e.IsStatic) : null;
        }
    }

    /// <summary>fdb/flush: removes every dynamic entry (static ones stay).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            foreach (Entry e in _lru.Where(static e => !e.IsStatic).ToList())
            {
                Remove(e);
            }
        }
    }

    /// <summary>Removes every entry, static or not, that points to <paramref name="port"/> (the port went away).</summary>
    public void FlushPort(string port)
    {
        lock (_lock)
        {
            if (_byPort.TryGetValue(port, out LinkedList<Entry>? list))
            {
                foreach (Entry e in list.ToList())
                {
                    if (e.IsStatic)
                    {
                        _staticEntries--;
                    }

                    Remove(e);
                }
            }
        }
    }

    /// <summary>
    /// mac_learning_run(): expires dynamic entries whose time has come and trims the table to its size; returns
    /// whether anything changed since the last call (the datapath flows must be revalidated).
    /// </summary>
    public bool Run()
    {
        lock (_lock)
        {
            long now = Now;
            while (OldestDynamic() is { } e && (_table.Count > _maxEntries || now >= e.Expires))
            {
                s_expired.Hit();
                _expired++;
                Remove(e);
            }

            bool need = _needRevalidate;
            _needRevalidate = false;
            return need;
        }
    }

    /// <summary>The entries from least to most recently used (fdb/show's order).</summary>
    public List<MacEntryInfo> Entries()
    {
        lock (_lock)
        {
            long now = Now;
            var list = new List<MacEntryInfo>(_lru.Count);
            foreach (Entry e in _lru)
            {
                list.Add(new MacEntryInfo(e.Mac, e.Vlan, e.Port!, e.IsStatic ? null : AgeOf(e, now)));
            }

            return list;
        }
    }

    public MacLearningStats Statistics()
    {
        lock (_lock)
        {
            return new MacLearningStats(_table.Count, _maxEntries, _staticEntries, _learned, _expired, _evicted, _moved);
        }
    }

    /// <summary>fdb/stats-clear.</summary>
    public void ClearStatistics()
    {
        lock (_lock)
        {
            _learned = _expired = _evicted = _moved = 0;
        }
    }

    private int AgeOf(Entry e, long now) => (int)(_idleTime - (e.Expires - now));

    private Entry? OldestDynamic()
    {
        foreach (Entry e in _lru)
        {
            if (!e.IsStatic)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>mac_learning_insert__(): finds or creates the entry (evicting when full) and marks it most recent.</summary>
    private Entry Insert(ulong mac, int vlan, bool isStatic, long now)
    {
        if (!_table.TryGetValue((mac, vlan), out Entry? e))
        {
            if (_table.Count >= _maxEntries)
            {
                EvictFairly();
            }

            e = new Entry(mac, vlan);
            _table.Add((mac, vlan), e);
            if (!isStatic)
            {
                s_learned.Hit();
                _learned++;
            }
        }
        else
        {
            _lru.Remove(e.LruNode);
            if (e.PortNode.List is { } portList)
            {
                portList.Remove(e.PortNode);
                portList.AddLast(e.PortNode);
            }
        }

        _lru.AddLast(e.LruNode);
        if (isStatic)
        {
            if (!e.IsStatic)
            {
                _staticEntries++;
            }

            e.IsStatic = true;
        }
        else
        {
            e.Expires = now + _idleTime;
        }

        return e;
    }

    /// <summary>Evicts the least recently used entry of the port that holds the most entries.</summary>
    private void EvictFairly()
    {
        LinkedList<Entry>? busiest = null;
        foreach (LinkedList<Entry> list in _byPort.Values)
        {
            if (busiest is null || list.Count > busiest.Count)
            {
                busiest = list;
            }
        }

        if (busiest?.First?.Value is { } victim)
        {
            s_evicted.Hit();
            _evicted++;
            if (victim.IsStatic)
            {
                _staticEntries--;
            }

            Remove(victim);
        }
    }

    private void SetPort(Entry e, string? port)
    {
        if (e.Port == port)
        {
            return;
        }

        _needRevalidate = true;
        if (e.Port is not null && _byPort.TryGetValue(e.Port, out LinkedList<Entry>? old))
        {
            old.Remove(e.PortNode);
            if (old.Count == 0)
            {
                _byPort.Remove(e.Port);
            }
        }

        e.Port = port;
        if (port is not null)
        {
            if (!_byPort.TryGetValue(port, out LinkedList<Entry>? list))
            {
                list = new LinkedList<Entry>();
                _byPort.Add(port, list);
            }

            list.AddLast(e.PortNode);
        }
    }

    /// <summary>mac_learning_expire(): the entry goes (its static count is the caller's business).</summary>
    private void Remove(Entry e)
    {
        SetPort(e, null);
        _needRevalidate = true;
        _table.Remove((e.Mac, e.Vlan));
        _lru.Remove(e.LruNode);
    }

    private sealed class Entry
    {
        public Entry(ulong mac, int vlan)
        {
            Mac = mac;
            Vlan = vlan;
            LruNode = new LinkedListNode<Entry>(this);
            PortNode = new LinkedListNode<Entry>(this);
        }

        public ulong Mac { get; }

        public int Vlan { get; }

        public string? Port { get; set; }

        public bool IsStatic { get; set; }

        /// <summary>When a dynamic entry expires, in seconds of the table's clock.</summary>
        public long Expires { get; set; }

        /// <summary>Until when gratuitous ARPs on bonds may not move the entry.</summary>
        public long GratArpLock { get; set; } = long.MinValue;

        public LinkedListNode<Entry> LruNode { get; }

        public LinkedListNode<Entry> PortNode { get; }
    }
}
