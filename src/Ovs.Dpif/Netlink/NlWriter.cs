// Upstream: nl_msg_put_* and nl_msg_start_nested/nl_msg_end_nested in lib/netlink.c (OVS 3.1).
// Appends netlink attributes to a caller-provided buffer without allocating. Running out of room does not throw:
// Overflowed becomes true and later writes are ignored, so a caller checks once at the end (the keys and actions
// of one datapath flow fit in a few hundred bytes; callers size buffers for the 64 KiB netlink maximum when they
// must accept anything).
using System.Buffers.Binary;

namespace Ovs.Dpif.Netlink;

internal ref struct NlWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public NlWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
        Overflowed = false;
    }

    public readonly int Length => _length;

    public bool Overflowed { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Drops everything written after position (used to undo a failed parse).</summary>
    public void Truncate(int position) => _length = Math.Min(_length, position);

    /// <summary>Appends an attribute with an uninitialised payload of size bytes (zeroed) and returns the payload.</summary>
    public Span<byte> Put(ushort type, int size)
    {
        int total = NlAttr.Align(NlAttr.HeaderSize + size);
        if (Overflowed || size > ushort.MaxValue - NlAttr.HeaderSize || _buffer.Length - _length < total)
        {
            Overflowed = true;
            return Span<byte>.Empty;
        }

        Span<byte> attr = _buffer.Slice(_length, total);
        attr.Clear();
        WriteHeader(attr, (ushort)(NlAttr.HeaderSize + size), type);
        _length += total;
        return attr.Slice(NlAttr.HeaderSize, size);
    }

    public void PutBytes(ushort type, scoped ReadOnlySpan<byte> payload) => payload.CopyTo(Put(type, payload.Length));

    public void PutFlag(ushort type) => Put(type, 0);

    public void PutU8(ushort type, byte value)
    {
        Span<byte> p = Put(type, 1);
        if (!p.IsEmpty)
        {
            p[0] = value;
        }
    }

    public void PutU16(ushort type, ushort value)
    {
        Span<byte> p = Put(type, 2);
        if (!p.IsEmpty)
        {
            BitConverter.TryWriteBytes(p, value);
        }
    }

    public void PutU32(ushort type, uint value)
    {
        Span<byte> p = Put(type, 4);
        if (!p.IsEmpty)
        {
            BitConverter.TryWriteBytes(p, value);
        }
    }

    public void PutBe16(ushort type, ushort value)
    {
        Span<byte> p = Put(type, 2);
        if (!p.IsEmpty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, value);
        }
    }

    public void PutBe32(ushort type, uint value)
    {
        Span<byte> p = Put(type, 4);
        if (!p.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32BigEndian(p, value);
        }
    }

    public void PutBe64(ushort type, ulong value)
    {
        Span<byte> p = Put(type, 8);
        if (!p.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64BigEndian(p, value);
        }
    }

    /// <summary>Starts a nested attribute; pass the result to EndNested once its contents are written.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        Put(type, 0);
        return start;
    }

    public void EndNested(int start)
    {
        if (Overflowed)
        {
            return;
        }

        int size = _length - start;
        if (size > ushort.MaxValue)
        {
            Overflowed = true;
            return;
        }

        WriteHeader(_buffer[start..], (ushort)size, ReadType(_buffer[start..]));
    }

    /// <summary>Grows the payload of the last attribute (which must start at start) by the given bytes.</summary>
    public void AppendToAttr(int start, scoped ReadOnlySpan<byte> extra)
    {
        int oldLength = ReadLength(_buffer[start..]);
        int newLength = oldLength + extra.Length;
        int total = NlAttr.Align(newLength);
        if (Overflowed || newLength > ushort.MaxValue || _buffer.Length - start < total)
        {
            Overflowed = true;
            return;
        }

        _buffer.Slice(start + oldLength, total - oldLength).Clear();
        extra.CopyTo(_buffer[(start + oldLength)..]);
        WriteHeader(_buffer[start..], (ushort)newLength, ReadType(_buffer[start..]));
        _length = start + total;
    }

    /// <summary>Changes the type of the attribute starting at start.</summary>
    public readonly void SetType(int start, ushort type) => WriteHeader(_buffer[start..], ReadLength(_buffer[start..]), type);

    private static ushort ReadLength(scoped ReadOnlySpan<byte> header) => BitConverter.ToUInt16(header);

    private static ushort ReadType(scoped ReadOnlySpan<byte> header) => BitConverter.ToUInt16(header[2..]);

    private static void WriteHeader(scoped Span<byte> destination, ushort length, ushort type)
    {
        BitConverter.TryWriteBytes(destination, length);
        BitConverter.TryWriteBytes(destination[2..], type);
    }
}
