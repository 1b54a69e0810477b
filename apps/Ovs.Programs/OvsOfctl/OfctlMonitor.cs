// Upstream: utilities/ovs-ofctl.c, monitor_vconn() and its unixctl commands ofctl_exit(), ofctl_send(),
// unixctl_packet_out(), ofctl_barrier(), ofctl_set_output_file(), ofctl_block() and ofctl_unblock() (OVS 3.1)
//
// The long-running part of "monitor" and "snoop": every message received is printed on standard error as ofp-print
// shows it (verbosity + 2, after a "--timestamp" prefix), echo requests are answered when asked, and a control
// socket (OVS_RUNDIR/ovs-ofctl.PID.ctl or --unixctl) takes commands that send messages, wait for a barrier reply,
// move the output to a file or pause reading. Standard error stays open when the process detaches (upstream's
// daemon_save_fd()) and is written with write(2) on descriptor 2, so "ofctl/set-output-file", which points
// descriptor 2 at a new file, redirects everything printed afterwards.
//
// Threading: the control commands and the printing run on one MainLoop; a background task reads the connection and
// posts each message to it. While blocked, received messages wait in a queue and are printed after "ofctl/unblock".
using System.Globalization;
using System.Text;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;
using Ovs.Transport.Streams;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsOfctl;

internal sealed class OfctlMonitor
{
    private const int StandardError = 2;

    private readonly OfctlVconn _vconn;
    private readonly bool _replyToEcho;
    private readonly bool _resume;
    private readonly MainLoop _loop = new();
    private readonly Queue<byte[]> _blockedMessages = new();
    private UnixctlConnection? _barrierWaiter;
    private bool _blocked;
    private int _failure;

    private OfctlMonitor(OfctlVconn vconn, bool replyToEcho, bool resume)
    {
        _vconn = vconn;
        _replyToEcho = replyToEcho;
        _resume = resume;
    }

    /// <summary>
    /// monitor_vconn(): runs until "exit" (returns) or until the connection fails (a fatal error). With resume, packet-ins
    /// that carry a continuation are answered with NXT_RESUME (OfctlResume).
    /// </summary>
    public static void Run(OfctlVconn vconn, bool replyToEcho, bool resume = false) => new OfctlMonitor(vconn, replyToEcho, resume).Run();

    /// <summary>The commands the control socket answers besides the built-in ones, in registration order.</summary>
    internal void Register(UnixctlCommands commands)
    {
        commands.Register("exit", string.Empty, 0, 0, (c, _) =>
        {
            c.Reply(null);
            _loop.Stop();
        });
        commands.Register("ofctl/send", "OFMSG...", 1, int.MaxValue, Send);
        commands.Register("ofctl/packet-out", "\"in_port=<port> packet=<hex data> actions=...\"", 1, 1, PacketOut);
        commands.Register("ofctl/barrier", string.Empty, 0, 0, Barrier);
        commands.Register("ofctl/set-output-file", "FILE", 1, 1, SetOutputFile);
        commands.Register("ofctl/block", string.Empty, 0, 0, (c, _) =>
        {
            c.Reply(_blocked ? "already blocking" : null);
            _blocked = true;
        });
        commands.Register("ofctl/unblock", string.Empty, 0, 0, (c, _) =>
        {
            c.Reply(_blocked ? null : "already unblocked");
            _blocked = false;
            while (!_blocked && _blockedMessages.TryDequeue(out byte[]? message))
            {
                Print(message);
            }
        });
    }

    /// <summary>Parses the hex form of an OpenFlow message as ofctl/send takes it; returns the error text or null.</summary>
    internal static string? TryParseHexMessage(string hex, out byte[] message)
    {
        var bytes = new List<byte>(hex.Length / 2);
        message = [];
        if (HexParser.Parse(hex, bytes) != hex.Length)
        {
            return "Trailing garbage in hex data";
        }

        if (bytes.Count < OfpHeader.Size)
        {
            return "Message too short for OpenFlow";
        }

        if (bytes.Count != ((bytes[2] << 8) | bytes[3]))
        {
            return "Message size does not match length in OpenFlow header";
        }

        message = [.. bytes];
        return null;
    }

    private void Run()
    {
        Daemon.SaveFd(StandardError);
        UnixctlCommands commands = UnixctlCommands.CreateWithBuiltins();

        // ovs-ofctl keeps no memory statistics, so upstream's does not answer memory/show.
        commands.Unregister("memory/show");
        Register(commands);
        string? path = UnixctlServer.ResolvePath(_vconn.Options.UnixctlPath);
        UnixctlServer? server = null;
        if (path is not null)
        {
            StreamResult<UnixctlServer> started = UnixctlServer.Start(path, commands, _loop);
            server = started.Value ?? throw new CliException("failed to create unixctl server", started.Error);
            FatalSignal.AddFileToUnlink(path);
        }

        Daemon.NotifyReady();
        using var stop = new CancellationTokenSource();
        Task reader = Task.Run(() => ReadAsync(stop.Token));
        _loop.Run();
        stop.Cancel();
        server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (path is not null)
        {
            File.Delete(path);
        }

        Daemon.RemovePidFile();
        if (_failure != 0)
        {
            throw new CliException("vconn_recv", _failure);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            VconnMessage received;
            try
            {
                received = await _vconn.Vconn.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (received.Message is not { } message)
            {
                _loop.Post(() =>
                {
                    _failure = received.Error;
                    _loop.Stop();
                });
                return;
            }

            _loop.Post(() => Receive(message));
        }
    }

    private void Receive(byte[] message)
    {
        if (_blocked || _blockedMessages.Count > 0)
        {
            _blockedMessages.Enqueue(message);
            return;
        }

        Print(message);
    }

    private void Print(byte[] message)
    {
        var text = new StringBuilder();
        if (_vconn.Options.Timestamp)
        {
            DateTime now = DateTime.UtcNow;
            text.Append(now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(": ");
        }

        text.Append(OfctlVconn.ToText(message, _vconn.Options.Verbosity + 2));
        WriteError(text.ToString());

        OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
        if (_resume && info?.Raw is OfpRaw.Ofpt10PacketIn or OfpRaw.Ofpt11PacketIn or OfpRaw.Ofpt12PacketIn or OfpRaw.Ofpt13PacketIn
            or OfpRaw.NxtPacketIn or OfpRaw.NxtPacketIn2)
        {
            SendResume(info.Raw, message[0], body);
        }
        else if (info?.Raw is OfpRaw.Ofpt10BarrierReply or OfpRaw.Ofpt11BarrierReply && _barrierWaiter is { } waiter)
        {
            _barrierWaiter = null;
            waiter.Reply(null);
        }
        else if (info?.Raw == OfpRaw.OfptEchoRequest && _replyToEcho)
        {
            byte[] reply = (byte[])message.Clone();
            reply[1] = 3; // OFPT_ECHO_REPLY, same version, xid and payload.
            int error = OfctlVconn.Wait(_vconn.Vconn.SendAsync(reply, CancellationToken.None));
            if (error != 0)
            {
                throw new CliException("failed to send echo reply", error);
            }
        }
    }

    private void SendResume(OfpRaw raw, byte version, ReadOnlySpan<byte> body)
    {
        byte[]? resume = OfctlResume.Build(raw, version, body, out Ovs.OpenFlow.Errors.OfpError error);
        if (error != Ovs.OpenFlow.Errors.OfpError.None)
        {
            WriteError("decoding packet-in failed: " + Ovs.OpenFlow.Errors.OfpErrorTable.Name(error));
        }

        if (resume is null)
        {
            return;
        }

        WriteError("send: " + OfctlVconn.ToText(resume, _vconn.Options.Verbosity + 2));
        int sent = OfctlVconn.Wait(_vconn.Vconn.SendAsync(resume, CancellationToken.None));
        if (sent != 0)
        {
            throw new CliException("failed to send NXT_RESUME", sent);
        }
    }

    private void Send(UnixctlConnection connection, string[] args)
    {
        var reply = new StringBuilder();
        bool ok = true;
        foreach (string hex in args)
        {
            if (TryParseHexMessage(hex, out byte[] message) is { } problem)
            {
                reply.Append(problem).Append('\n');
                ok = false;
                continue;
            }

            WriteError("send: " + OfctlVconn.ToText(message, _vconn.Options.Verbosity));
            int error = OfctlVconn.Wait(_vconn.Vconn.SendAsync(message, CancellationToken.None));
            if (error != 0)
            {
                reply.Append(OvsErrno.StrError(error)).Append('\n');
                ok = false;
            }
            else
            {
                reply.Append("sent\n");
            }
        }

        if (ok)
        {
            connection.Reply(reply.ToString());
        }
        else
        {
            connection.ReplyError(reply.ToString());
        }
    }

    /// <summary>
    /// ofctl/packet-out: the packet-out syntax of "ovs-ofctl packet-out", sent on the monitor's connection in its
    /// protocol; the message is printed as it goes, like a message sent with ofctl/send.
    /// </summary>
    private void PacketOut(UnixctlConnection connection, string[] args)
    {
        string? problem = PacketOutCommand.Parse(args[0], null, out PacketOut po, out ProtocolSet usable);
        if (problem is null && (usable & _vconn.Protocol) == 0)
        {
            problem = "PACKET_OUT actions are incompatible with the OpenFlow connection.";
        }

        if (problem is null)
        {
            var writer = new System.Buffers.ArrayBufferWriter<byte>();
            po.Encode(_vconn.Version, 0, writer);
            byte[] message = writer.WrittenSpan.ToArray();
            WriteError(OfctlVconn.ToText(message, _vconn.Options.Verbosity));
            int error = OfctlVconn.Wait(_vconn.Vconn.SendAsync(message, CancellationToken.None));
            if (error == 0)
            {
                connection.Reply(string.Empty);
                return;
            }

            problem = OvsErrno.StrError(error);
        }

        connection.ReplyError(problem + "\n");
    }

    private void Barrier(UnixctlConnection connection, string[] args)
    {
        if (_barrierWaiter is not null)
        {
            connection.ReplyError("already waiting for barrier reply");
            return;
        }

        byte[] request = _vconn.Encode(_vconn.Version == (byte)OfpVersion.Of10 ? OfpRaw.Ofpt10BarrierRequest : OfpRaw.Ofpt11BarrierRequest);
        int error = OfctlVconn.Wait(_vconn.Vconn.SendAsync(request, CancellationToken.None));
        if (error != 0)
        {
            connection.ReplyError(OvsErrno.StrError(error));
            return;
        }

        _barrierWaiter = connection;
    }

    private static void SetOutputFile(UnixctlConnection connection, string[] args)
    {
        int fd = Libc.Open(args[0], Libc.OCreat | Libc.OTrunc | Libc.OWrOnly, Convert.ToInt32("666", 8));
        if (fd < 0)
        {
            connection.ReplyError(OvsErrno.StrError(Libc.Errno));
            return;
        }

        Libc.Dup2(fd, StandardError);
        Libc.Close(fd);
        connection.Reply(null);
    }

    /// <summary>Writes <paramref name="text"/> to whatever descriptor 2 is now, as upstream's unbuffered stderr does.</summary>
    private static void WriteError(string text) => Libc.WriteAll(StandardError, Encoding.UTF8.GetBytes(text));
}
