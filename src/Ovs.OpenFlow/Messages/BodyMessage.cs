// Upstream: ofpraw_alloc_xid() followed by ofpmsg_update_length() (lib/ofp-msgs.c, OVS 3.1).
// The last step of encoders that build their body first (its size depends on matches and actions): wrap the body in
// the headers of the message variant and write the whole message. A reply that packs entries (flow statistics, flow
// updates) appends each in turn to make its body; one whose entries know their size (meters, table descriptions)
// writes them straight into the message.
using System.Buffers;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static class BodyMessage
{
    /// <summary>Writes <paramref name="raw"/>'s headers (with statistics flags, for a multipart message) and the body.</summary>
    public static void Write(IBufferWriter<byte> writer, OfpRaw raw, byte version, uint xid, ReadOnlySpan<byte> body, ushort statsFlags = 0)
    {
        Span<byte> span = OfpEncoder.Begin(writer, raw, version, xid, body.Length, out int total, statsFlags);
        body.CopyTo(span);
        writer.Advance(total);
    }

    /// <summary>Writes a message of <paramref name="raw"/> whose body is each of <paramref name="entries"/> in turn.</summary>
    public static void WriteEntries<T>(IBufferWriter<byte> writer, OfpRaw raw, byte version, uint xid, IEnumerable<T> entries, ushort statsFlags = 0)
        where T : IBodyEntry
    {
        var body = new ArrayBufferWriter<byte>(256);
        foreach (T entry in entries)
        {
            entry.Append(raw, version, body);
        }

        Write(writer, raw, version, xid, body.WrittenSpan, statsFlags);
    }

    /// <summary>Writes a message of <paramref name="raw"/> whose body is each of <paramref name="entries"/> in turn.</summary>
    public static void WriteSizedEntries<T>(IBufferWriter<byte> writer, OfpRaw raw, byte version, uint xid, IReadOnlyList<T> entries, ushort statsFlags = 0)
        where T : ISizedBodyEntry
    {
        int size = 0;
        foreach (T entry in entries)
        {
            size += entry.EntrySize;
        }

        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, size, out int total, statsFlags);
        foreach (T entry in entries)
        {
            entry.WriteEntry(body, version);
            body = body[entry.EntrySize..];
        }

        writer.Advance(total);
    }
}

/// <summary>One entry of a reply that packs any number of them.</summary>
internal interface IBodyEntry
{
    /// <summary>Appends this entry in <paramref name="raw"/>'s layout for <paramref name="version"/>.</summary>
    void Append(OfpRaw raw, byte version, ArrayBufferWriter<byte> body);
}

/// <summary>One entry of a reply that packs any number of them, each of a size known before it is written.</summary>
internal interface ISizedBodyEntry
{
    /// <summary>Bytes of this entry in the reply.</summary>
    int EntrySize { get; }

    /// <summary>Writes this entry (<see cref="EntrySize"/> bytes) at the start of <paramref name="destination"/>.</summary>
    void WriteEntry(Span<byte> destination, byte version);
}
