using System.Diagnostics;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Linux;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Linux;

[Trait("requires", "netns")]
public sealed class RxqWaitSetTests
{
    [NetnsFact]
    public void AFrameOnAnyQueueEndsTheWait()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            foreach (SystemRxMode mode in new[] { SystemRxMode.Ring, SystemRxMode.RecvMmsg })
            {
                NetdevRegistry registry = LinuxTestUtil.Registry(mode);
                INetdev v0 = LinuxTestUtil.Open(registry, "v0", "system");
                INetdev v1 = LinuxTestUtil.Open(registry, "v1", "system");
                Assert.Equal(0, v0.OpenRxq(0, out INetdevRxq? rx0));
                Assert.Equal(0, v1.OpenRxq(0, out INetdevRxq? rx1));
                INetdevRxq[] polls = [rx1!, rx0!];
                using var waitSet = new RxqWaitSet();
                LinuxTestUtil.ReceiveTestFrames(rx0!, int.MaxValue, timeoutMilliseconds: 200);
                LinuxTestUtil.ReceiveTestFrames(rx1!, int.MaxValue, timeoutMilliseconds: 200);

                // The frame goes out while the thread waits on both queues (the sender's own socket is bound to
                // its device, so any thread may send); the wait must end when it arrives, long before the timeout.
                var sender = new Thread(() =>
                {
                    Thread.Sleep(200);
                    LinuxTestUtil.Send(v1, [Frames.Make(60, 1)]);
                });
                var clock = Stopwatch.StartNew();
                sender.Start();
                bool got = false;
                while (!got && clock.ElapsedMilliseconds < 5000)
                {
                    waitSet.Wait(polls, static r => r, 10_000);
                    got = ReceivedTestFrame(rx0!);
                }

                sender.Join();
                Assert.True(got, $"{mode}: frame not seen");
                Assert.True(clock.ElapsedMilliseconds < 5000, $"{mode}: waited {clock.ElapsedMilliseconds} ms");
                rx0!.Dispose();
                rx1!.Dispose();
                registry.Close(v0);
                registry.Close(v1);
            }
        });
    }

    private static bool ReceivedTestFrame(INetdevRxq rxq)
    {
        var batch = new DpPacketBatch();
        bool found = false;
        while (rxq.Receive(batch) == 0)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                found |= Frames.IsTest(batch[i].Data);
            }

            batch.ReleaseAll();
        }

        return found;
    }

    [Fact]
    public void QueuesWithoutADescriptorAreLookedAtAfterTheTimeout()
    {
        var registry = new NetdevRegistry();
        registry.Register(new DummyProvider());
        Assert.Equal(0, registry.Open("d0", "dummy", out INetdev? d0));
        Assert.Equal(0, d0!.OpenRxq(0, out INetdevRxq? rxq));
        using var waitSet = new RxqWaitSet();
        INetdevRxq[] polls = [rxq!, rxq!];
        var clock = Stopwatch.StartNew();
        waitSet.Wait(polls, static r => r, 50);
        Assert.True(clock.ElapsedMilliseconds >= 45, $"returned after {clock.ElapsedMilliseconds} ms");
        rxq!.Dispose();
        registry.Close(d0);
    }
}
