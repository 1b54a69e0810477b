// Upstream: struct trie_ctx of lib/classifier.c (OVS 3.1).
// The per-lookup cache of prefix-trie walks: each configured trie is walked at most once per lookup, and only
// when a subtable first needs it. A plain struct on the lookup's stack, so lookups stay allocation-free.
using System.Runtime.CompilerServices;
using Ovs.Flow;

namespace Ovs.Classifier;

internal struct TrieLookups
{
    private Results _results;
    private int _done;

    public UInt128 Get(int index, PrefixTrie trie, in FlowData flow, out int bitsRead)
    {
        ref Result r = ref _results[index];
        if ((_done & (1 << index)) == 0)
        {
            r.Lengths = trie.Lookup(trie.Read(in flow), out r.BitsRead);
            _done |= 1 << index;
        }

        bitsRead = r.BitsRead;
        return r.Lengths;
    }

    private struct Result
    {
        public UInt128 Lengths;
        public int BitsRead;
    }

    [InlineArray(Classifier.MaxPrefixFields)]
    private struct Results
    {
        private Result _element0;
    }
}
