// Upstream: include/openvswitch/ofpbuf.h, ofpbuf_try_pull() as message decoders use it (OVS 3.1)
using System.Buffers.Binary;

namespace Ovs.OpenFlow.Wire;

/// <summary>
/// A forward-only, bounds-checked reader of big-endian fields over a message. Every read is a TryX that leaves the
/// position unchanged when too few bytes remain, so decoders turn a short message into an OfpError instead of an
/// exception. It never allocates.
/// </summary>
internal ref struct OfpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public OfpReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly ReadOnlySpan<byte> Rest => _data[_position..];

    public bool TrySkip(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            return false;
        }

        _position += count;
        return true;
    }

    public bool TryRead(int count, out ReadOnlySpan<byte> bytes)
    {
        if ((uint)count > (uint)Remaining)
        {
            bytes = default;
            return false;
        }

        bytes = _data.Slice(_position, count);
        _position += count;
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _data[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return true;
    }

    public bool TryReadUInt64(out ulong value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(_data[_position..]);
        _position += 8;
        return true;
    }
}
