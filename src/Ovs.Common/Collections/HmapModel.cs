// Upstream: lib/hmap.c, lib/hash.c and lib/uuid.h (OVS 3.1)
//
// A model of the iteration order of upstream's struct hmap, for output that upstream prints in hash-map order
// (rows of an IDL table, members of a JSON object, a string map's keys). It keeps only what decides the order:
// buckets indexed by hash & mask, each a chain with new nodes at its head; the map doubles (to the next power of
// two that keeps at most two nodes per bucket, at least 4 buckets) when the node count exceeds twice the bucket
// count, re-inserting the old chains bucket by bucket, each node at the head of its new chain. Removal never
// shrinks the map, as in upstream. Not thread-safe.
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Ovs.Common.Collections;

public sealed class HmapModel<T>
    where T : notnull
{
    private List<(T Item, uint Hash)>[] _buckets = [[]];
    private uint _mask;

    public int Count { get; private set; }

    /// <summary>The items in upstream's iteration order.</summary>
    public IEnumerable<T> Items
    {
        get
        {
            foreach (List<(T Item, uint Hash)> chain in _buckets)
            {
                foreach ((T item, _) in chain)
                {
                    yield return item;
                }
            }
        }
    }

    public void Insert(T item, uint hash)
    {
        _buckets[hash & _mask].Insert(0, (item, hash));
        Count++;
        if (Count / 2 > _mask)
        {
            uint newMask = CalcMask((uint)Count);
            if (newMask > _mask)
            {
                Resize(newMask);
            }
        }
    }

    public bool Contains(T item, uint hash) => _buckets[hash & _mask].Exists(e => EqualityComparer<T>.Default.Equals(e.Item, item));

    public bool Remove(T item, uint hash)
    {
        List<(T Item, uint Hash)> chain = _buckets[hash & _mask];
        int i = chain.FindIndex(e => EqualityComparer<T>.Default.Equals(e.Item, item));
        if (i < 0)
        {
            return false;
        }

        chain.RemoveAt(i);
        Count--;
        return true;
    }

    private void Resize(uint newMask)
    {
        var buckets = new List<(T Item, uint Hash)>[newMask + 1];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        foreach (List<(T Item, uint Hash)> chain in _buckets)
        {
            foreach ((T item, uint hash) in chain)
            {
                buckets[hash & newMask].Insert(0, (item, hash));
            }
        }

        _buckets = buckets;
        _mask = newMask;
    }

    private static uint CalcMask(uint capacity)
    {
        uint mask = capacity / 2;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= (mask & 1) << 1;
        return mask;
    }
}

/// <summary>Upstream's hash functions, where their values decide an observable order.</summary>
public static class OvsHash
{
    /// <summary>hash_string(s, 0): the hash of string maps (shash, sset, JSON objects).</summary>
    public static uint HashString(string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        uint hash = 0;
        int i = 0;
        for (; i + 4 <= bytes.Length; i += 4)
        {
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)));
        }

        if (i < bytes.Length)
        {
            Span<byte> tail = stackalloc byte[4];
            tail.Clear();
            bytes.AsSpan(i).CopyTo(tail);
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(tail));
        }

        return Finish(hash ^ (uint)bytes.Length);
    }

    /// <summary>uuid_hash(): the first 32 bits of the UUID (its first 8 hex digits).</summary>
    public static uint HashUuid(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>The order in which a string map filled in <paramref name="insertionOrder"/> iterates.</summary>
    public static List<string> StringMapOrder(IEnumerable<string> insertionOrder)
    {
        var model = new HmapModel<string>();
        foreach (string name in insertionOrder)
        {
            model.Insert(name, HashString(name));
        }

        return [.. model.Items];
    }

    private static uint Add(uint hash, uint data)
    {
        data *= 0xcc9e2d51;
        data = BitOperations.RotateLeft(data, 15);
        data *= 0x1b873593;
        hash ^= data;
        hash = BitOperations.RotateLeft(hash, 13);
        return (hash * 5) + 0xe6546b64;
    }

    private static uint Finish(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
