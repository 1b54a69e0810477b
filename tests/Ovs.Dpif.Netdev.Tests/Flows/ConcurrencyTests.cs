// Datapath threads look flows up while the control thread installs and deletes others. Readers must always find
// the flows that stay installed, and whatever else they find must be a flow that matches their key. Bounded: the
// writer stops after a fixed number of operations or one second, whichever comes first, and readers stop with it.
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Flows;

public sealed class ConcurrencyTests
{
    [Fact]
    public void ReadersSeeConsistentFlowsWhileTheControlThreadWrites()
    {
        var table = new DpNetdevFlowTable();
        var stable = new List<(NetdevFlowKey Key, DpNetdevFlow Flow)>();
        for (uint i = 0; i < 64; i++)
        {
            (FlowData key, FlowWildcards mask) = Flow(i, churn: false);
            table.Put(key, mask, [1], null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
            stable.Add((NetdevFlowKey.FromFlow(key), flow!));
        }

        var churnKeys = new NetdevFlowKey[64];
        for (uint i = 0; i < churnKeys.Length; i++)
        {
            churnKeys[i] = NetdevFlowKey.FromFlow(Flow(i, churn: true).Key);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long lookups = 0;
        var readers = new Thread[2];
        for (int r = 0; r < readers.Length; r++)
        {
            int seed = r;
            readers[r] = new Thread(() =>
            {
                var cache = new DatapathFlowCache(table, emcInsertInverseProbability: 1, smcEnabled: seed == 1, smcEntryCount: 1 << 10);
                var keys = new NetdevFlowKey[32];
                var flows = new DpNetdevFlow?[32];
                var random = new Random(seed);
                long n = 0;
                while (!stop.IsCancellationRequested)
                {
                    for (int i = 0; i < 32; i++)
                    {
                        keys[i] = i % 2 == 0 ? stable[random.Next(stable.Count)].Key : churnKeys[random.Next(churnKeys.Length)];
                    }

                    cache.Lookup(keys, flows);
                    for (int i = 0; i < 32; i++)
                    {
                        if (i % 2 == 0 && (flows[i] is null || !stable.Exists(s => ReferenceEquals(s.Flow, flows[i]))))
                        {
                            failures.Enqueue("a stable flow was not found");
                        }
                        else if (flows[i] is { } f && !f.Matches(keys[i]))
                        {
                            failures.Enqueue("a flow that does not match the key was returned");
                        }
                    }

                    n++;
                    table.Classifier.OptimizeIfDue(Environment.TickCount64);
                }

                Interlocked.Add(ref lookups, n);
            })
            { IsBackground = true };
            readers[r].Start();
        }

        // The control thread: install and delete churning flows, in several masks so subtables come and go.
        var installed = new Queue<Ufid>();
        var random = new Random(42);
        var deadline = DateTime.UtcNow.AddSeconds(1);
        for (int op = 0; op < 200_000 && DateTime.UtcNow < deadline; op++)
        {
            if (installed.Count > 40 || (installed.Count > 0 && random.Next(2) == 0))
            {
                Assert.Equal(FlowTableError.None, table.Delete(installed.Dequeue(), out _));
            }
            else
            {
                (FlowData key, FlowWildcards mask) = Flow((uint)random.Next(churnKeys.Length), churn: true);
                if (table.Put(key, mask, [2], null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow) == FlowTableError.None)
                {
                    installed.Enqueue(flow!.Ufid);
                }
            }
        }

        stop.Cancel();
        foreach (Thread reader in readers)
        {
            Assert.True(reader.Join(TimeSpan.FromSeconds(10)));
        }

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref lookups) > 0);
    }

    private static (FlowData Key, FlowWildcards Mask) Flow(uint i, bool churn)
    {
        var key = default(FlowData);
        key.SetU32(FlowLayout.InPort, churn ? 2u : 1u);
        key.SetU32(FlowLayout.NwDst, 0xc0a80000 + i);
        var mask = default(FlowWildcards);
        mask.Masks.SetU32(FlowLayout.InPort, uint.MaxValue);
        mask.Masks.SetU32(FlowLayout.NwDst, uint.MaxValue);
        if (churn)
        {
            // Churning flows spread over four masks (extra wildcard-free fields matched as zero).
            mask.Masks.SetU16(FlowLayout.TpSrc, (ushort)(0xffff >> (int)(i % 4)));
        }

        return (key, mask);
    }
}
