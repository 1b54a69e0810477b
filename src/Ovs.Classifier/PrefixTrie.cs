// Upstream: the prefix tries of lib/classifier.c (struct cls_trie, trie_lookup(), trie_insert(), trie_remove())
// (OVS 3.1), as our own persistent path-compressed binary trie.
// One trie per configured prefix field (ip_src, ip_dst, ipv6_src, ...). It holds, for every rule whose subtable
// matches the field with a CIDR mask of length L > 0, the rule's first L bits of the field (with a count, since
// many rules share a prefix). A lookup walks the packet's value down the trie and returns the set of prefix
// lengths some rule has in common with the packet plus how many leading bits it had to read to know that set:
// every packet that agrees on those bits walks the same path. A subtable whose prefix length is not in the set
// cannot match, and only min(L, bits read) leading bits of the field need un-wildcarding, instead of the whole
// subtable mask; this is what lets a megaflow for "10.1.2.3 misses 10.0.0.0/8 and 10.1.0.0/16 routes" stay at
// /16 rather than /32.
//
// Concurrency: nodes are immutable. The writer builds the changed path anew and publishes the new root with
// Volatile.Write; a lookup reads the root once and walks a consistent version. Each node stores its whole prefix
// from the root, so removing a node only needs to link its one remaining child in its place.
using Ovs.Flow;
using Ovs.Flow.Fields;

namespace Ovs.Classifier;

internal sealed class PrefixTrie
{
    private Node? _root;

    public PrefixTrie(FieldId field)
    {
        FieldStorage storage = FieldStorage.Of(field);
        bool whole = storage.Kind == StorageKind.Bytes
            ? storage.StorageSize == 16
            : storage.Kind == StorageKind.Numeric && storage.StorageSize is (4 or 8) && storage.Shift == 0
                && storage.Mask == ulong.MaxValue >> (64 - (8 * storage.StorageSize));
        if (!whole)
        {
            throw new ArgumentException($"field {field} cannot be used for prefix lookup", nameof(field));
        }

        Field = field;
        Offset = storage.Offset;
        Size = storage.StorageSize;
        Bits = Size * 8;
        Segment = FlowSegments.OfByte(Offset);
    }

    private PrefixTrie(int offset, int size)
    {
        Offset = offset;
        Size = size;
        Bits = Size * 8;
        Segment = FlowSegments.OfByte(Offset);
    }

    /// <summary>
    /// A trie over tp_src and tp_dst together (one big-endian 32-bit value, tp_src first), which a subtable keeps
    /// of its own rules' ports to narrow the port bits of a last-stage miss.
    /// </summary>
    public static PrefixTrie ForPorts() => new(FlowLayout.TpSrc, 4);

    /// <summary>The configured field, or null for a subtable's ports trie.</summary>
    public FieldId? Field { get; }

    /// <summary>Byte offset of the field in FlowData.</summary>
    public int Offset { get; }

    public int Size { get; }

    public int Bits { get; }

    /// <summary>The lookup stage in which subtables consult this trie.</summary>
    public int Segment { get; }

    /// <summary>The field's bits in data, left-aligned in 128 bits (the first bit of the field is bit 127).</summary>
    public UInt128 Read(in FlowData data) => Size switch
    {
        4 => (UInt128)data.U32(Offset) << 96,
        8 => (UInt128)data.U64(Offset) << 64,
        _ => new UInt128(data.U64(Offset), data.U64(Offset + 8)),
    };

    /// <summary>The CIDR prefix length of mask's field bits, or 0 when they are empty or not a prefix.</summary>
    public int PrefixLength(in FlowData mask)
    {
        UInt128 inverse = ~Read(mask);
        if (inverse == UInt128.MaxValue || (inverse & (inverse + 1)) != 0)
        {
            return 0;
        }

        return (int)UInt128.LeadingZeroCount(inverse);
    }

    /// <summary>ORs the first bitCount bits of the field into mask.</summary>
    public void Unwildcard(ref FlowData mask, int bitCount)
    {
        if (bitCount <= 0)
        {
            return;
        }

        UInt128 bits = UInt128.MaxValue << (128 - bitCount);
        switch (Size)
        {
            case 4:
                mask.SetU32(Offset, mask.U32(Offset) | (uint)(bits >> 96));
                break;
            case 8:
                mask.SetU64(Offset, mask.U64(Offset) | (ulong)(bits >> 64));
                break;
            default:
                mask.SetU64(Offset, mask.U64(Offset) | (ulong)(bits >> 64));
                mask.SetU64(Offset + 8, mask.U64(Offset + 8) | (ulong)bits);
                break;
        }
    }

    /// <summary>
    /// Walks value down the trie. Returns the prefix lengths (bit L - 1 for length L) of the rules whose prefix
    /// the value has, and sets bitsRead to the number of leading bits that decided it.
    /// </summary>
    public UInt128 Lookup(UInt128 value, out int bitsRead)
    {
        UInt128 lengths = UInt128.Zero;
        Node? node = Volatile.Read(ref _root);
        int read = 0;
        while (node is not null)
        {
            int common = CommonLength(node.Prefix, value, node.Length);
            if (common < node.Length)
            {
                // The walk reads up to and including the first differing bit.
                read = common + 1;
                break;
            }

            if (node.RuleCount > 0)
            {
                lengths |= UInt128.One << (node.Length - 1);
            }

            if (node.Length == Bits)
            {
                read = Bits;
                break;
            }

            // Choosing the child reads one more bit, whether or not there is a child on that side.
            read = node.Length + 1;
            node = node.Child(BitAt(value, node.Length));
        }

        bitsRead = Math.Min(read, Bits);
        return lengths;
    }

    /// <summary>Adds one rule with the first length bits of value.</summary>
    public void Insert(UInt128 value, int length)
    {
        Volatile.Write(ref _root, Insert(Volatile.Read(ref _root), Truncate(value, length), length));
    }

    /// <summary>Removes one rule added by Insert with the same value and length.</summary>
    public void Remove(UInt128 value, int length)
    {
        Volatile.Write(ref _root, Remove(Volatile.Read(ref _root), Truncate(value, length), length));
    }

    private static Node Insert(Node? node, UInt128 prefix, int length)
    {
        if (node is null)
        {
            return new Node(prefix, length, 1, null, null);
        }

        int common = CommonLength(node.Prefix, prefix, Math.Min(node.Length, length));
        if (common == node.Length)
        {
            if (length == node.Length)
            {
                return node.WithCount(node.RuleCount + 1);
            }

            int side = BitAt(prefix, node.Length);
            return node.WithChild(side, Insert(node.Child(side), prefix, length));
        }

        if (common == length)
        {
            // The new prefix is a proper prefix of node's: it becomes node's parent.
            return BitAt(node.Prefix, length) == 0
                ? new Node(prefix, length, 1, node, null)
                : new Node(prefix, length, 1, null, node);
        }

        // The two diverge inside node's edge: a branch node with no rules of its own joins them.
        var leaf = new Node(prefix, length, 1, null, null);
        UInt128 branch = Truncate(prefix, common);
        return BitAt(prefix, common) == 0
            ? new Node(branch, common, 0, leaf, node)
            : new Node(branch, common, 0, node, leaf);
    }

    private static Node? Remove(Node? node, UInt128 prefix, int length)
    {
        if (node is null || length < node.Length || CommonLength(node.Prefix, prefix, node.Length) < node.Length)
        {
            throw new InvalidOperationException("prefix trie: removing a prefix that was never inserted");
        }

        Node updated;
        if (length == node.Length)
        {
            if (node.RuleCount == 0)
            {
                throw new InvalidOperationException("prefix trie: removing a prefix that was never inserted");
            }

            updated = node.WithCount(node.RuleCount - 1);
        }
        else
        {
            int side = BitAt(prefix, node.Length);
            updated = node.WithChild(side, Remove(node.Child(side), prefix, length));
        }

        if (updated.RuleCount > 0 || (updated.Zero is not null && updated.One is not null))
        {
            return updated;
        }

        // A node with no rules and at most one child is not needed: its child (which knows its whole prefix) or
        // nothing takes its place.
        return updated.Zero ?? updated.One;
    }

    private static int CommonLength(UInt128 a, UInt128 b, int max)
    {
        int common = (int)UInt128.LeadingZeroCount(a ^ b);
        return Math.Min(common, max);
    }

    private static int BitAt(UInt128 value, int index) => (int)(value >> (127 - index)) & 1;

    private static UInt128 Truncate(UInt128 value, int length) =>
        length == 0 ? UInt128.Zero : value & (UInt128.MaxValue << (128 - length));

    private sealed class Node(UInt128 prefix, int length, int ruleCount, Node? zero, Node? one)
    {
        public UInt128 Prefix { get; } = prefix;

        public int Length { get; } = length;

        public int RuleCount { get; } = ruleCount;

        public Node? Zero { get; } = zero;

        public Node? One { get; } = one;

        public Node? Child(int side) => side == 0 ? Zero : One;

        public Node WithCount(int count) => new(Prefix, Length, count, Zero, One);

        public Node WithChild(int side, Node? child) =>
            side == 0 ? new Node(Prefix, Length, RuleCount, child, One) : new Node(Prefix, Length, RuleCount, Zero, child);
    }
}
