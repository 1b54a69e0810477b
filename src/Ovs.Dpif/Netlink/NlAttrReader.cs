// Upstream: NL_ATTR_FOR_EACH and nl_attr_find__ in lib/netlink.h (OVS 3.1).
// Walks a run of netlink attributes without allocating. Iteration stops at the first attribute whose header is
// truncated or whose length is impossible; Leftover then tells how many bytes could not be walked, which the
// ODP formatter reports as "***N leftover bytes***".
using System.Buffers.Binary;

namespace Ovs.Dpif.Netlink;

internal ref struct NlAttrReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;
    private NlAttr _current;

    public NlAttrReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        _current = default;
    }

    public readonly NlAttr Current => _current;

    /// <summary>Bytes left unread after iteration stopped (0 when every attribute was well formed).</summary>
    public readonly int Leftover => _data.Length - _offset;

    /// <summary>Offset of the current position in the data (the start of the next attribute).</summary>
    public readonly int Offset => _offset;

    public readonly NlAttrReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_data.Length - _offset < NlAttr.HeaderSize)
        {
            return false;
        }

        ReadOnlySpan<byte> header = _data.Slice(_offset, NlAttr.HeaderSize);
        int length = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header) : BinaryPrimitives.ReadUInt16BigEndian(header);
        ushort type = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header[2..]) : BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (length < NlAttr.HeaderSize || length > _data.Length - _offset)
        {
            return false;
        }

        _current = new NlAttr((ushort)(type & 0x3fff), _data.Slice(_offset + NlAttr.HeaderSize, length - NlAttr.HeaderSize));
        _offset = Math.Min(_data.Length, _offset + NlAttr.Align(length));
        return true;
    }

    /// <summary>Finds the first attribute of the given type in data.</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, ushort type, out NlAttr attr)
    {
        foreach (NlAttr a in new NlAttrReader(data))
        {
            if (a.Type == type)
            {
                attr = a;
                return true;
            }
        }

        attr = default;
        return false;
    }

    /// <summary>Finds the last attribute of the given type in data (nl_parse_nested keeps the last duplicate).</summary>
    public static bool TryFindLast(ReadOnlySpan<byte> data, ushort type, out NlAttr attr)
    {
        bool found = false;
        attr = default;
        foreach (NlAttr a in new NlAttrReader(data))
        {
            if (a.Type == type)
            {
                attr = a;
                found = true;
            }
        }

        return found;
    }
}
