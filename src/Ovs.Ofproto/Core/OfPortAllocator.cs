// Upstream: alloc_ofp_port(), dealloc_ofp_port() and the ofport_usage table of ofproto/ofproto.c (OVS 3.1)
//
// Hands out OpenFlow port numbers. A requested number (Interface ofport_request) is used when it is free. Otherwise
// the allocator walks on from the number it gave last, wrapping below AutomaticLimit, and takes the first number
// that was never used; a number freed more than an hour ago counts as never used. When every number has been used
// recently it reuses the one freed longest ago. Not reusing a just-freed number at once keeps old flows that name
// it from applying to a new port.
// Threading: owned by one ofproto, main loop only.
namespace Ovs.Ofproto.Core;

internal sealed class OfPortAllocator
{
    private const long InUse = long.MaxValue;
    private static readonly TimeSpan s_forgetAfter = TimeSpan.FromHours(1);

    private readonly Dictionary<ushort, long> _usage = [];
    private readonly TimeProvider _time;
    private readonly ushort _maxPorts;
    private ushort _last;

    public OfPortAllocator(TimeProvider time, ushort maxPorts = OfpPortNumber.Max)
    {
        _time = time;
        _maxPorts = maxPorts;
    }

    public bool IsInUse(ushort port) => _usage.TryGetValue(port, out long at) && at == InUse;

    /// <summary>Returns the number to use, or <see cref="OfpPortNumber.None"/> when none is left.</summary>
    public ushort Allocate(ushort? request)
    {
        if (request is ushort wanted && wanted != 0 && wanted < _maxPorts && !IsInUse(wanted))
        {
            _usage[wanted] = InUse;
            return wanted;
        }

        ushort limit = Math.Min(_maxPorts, OfpPortNumber.AutomaticLimit);
        long now = NowMilliseconds();
        ushort end = _last;
        ushort lruPort = 0;
        long lru = long.MaxValue;
        ushort chosen;
        int steps = 0;
        while (true)
        {
            _last = (ushort)(_last + 1 >= limit ? 1 : _last + 1);
            chosen = _last;
            if (!_usage.TryGetValue(_last, out long usedAt) || usedAt < now - (long)s_forgetAfter.TotalMilliseconds)
            {
                break;
            }

            if (usedAt < lru)
            {
                lru = usedAt;
                lruPort = _last;
            }

            if (_last == end || ++steps >= limit)
            {
                if (lruPort == 0)
                {
                    return OfpPortNumber.None;
                }

                chosen = lruPort;
                break;
            }
        }

        _usage[chosen] = InUse;
        return chosen;
    }

    /// <summary>Marks <paramref name="port"/> as freed now.</summary>
    public void Release(ushort port)
    {
        if (port < _maxPorts)
        {
            _usage[port] = NowMilliseconds();
        }
    }

    private long NowMilliseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
