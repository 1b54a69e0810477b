// Upstream: dpctl_parse_flow_line() and dpctl_process_flows() in lib/dpctl.c and ds_get_preprocessed_line() in
// lib/dynamic-string.c (OVS 3.1).
// add-flows, mod-flows and del-flows with a file ("-" is standard input): one flow per line, optionally led by
// "add", "modify" or "delete" (or any abbreviation of them) overriding the command's own kind; "#" starts a comment
// and blank lines are skipped. A bad line or a failing flow is reported and the rest of the file still runs; the
// command itself succeeds once the datapath is open.
using Ovs.Common;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    private enum FlowLineCommand
    {
        Add,
        Modify,
        Delete,
    }

    private static readonly char[] s_blanks = [' ', '\t', '\r', '\n'];

    public int ProcessFlows(string[] argv)
    {
        FlowLineCommand defaultCommand = argv[0].Contains("mod-flows", StringComparison.Ordinal) ? FlowLineCommand.Modify
            : argv[0].Contains("del-flows", StringComparison.Ordinal) ? FlowLineCommand.Delete
            : FlowLineCommand.Add;
        string fileName = argv[^1];
        IDpif? dpif = OptDpifOpen(argv, 4, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            TextReader? reader = OpenFlowFile(fileName, out error);
            if (reader is null)
            {
                Error(error, $"Opening file \"{fileName}\" failed");
                return 0;
            }

            try
            {
                int lineNumber = 0;
                while (reader.ReadLine() is string line)
                {
                    lineNumber++;
                    int comment = line.IndexOf('#', StringComparison.Ordinal);
                    if (comment >= 0)
                    {
                        line = line[..comment];
                    }

                    if (line.AsSpan().TrimStart(" \t\n").IsEmpty)
                    {
                        continue;
                    }

                    RunFlowLine(dpif, defaultCommand, line, lineNumber);
                }
            }
            finally
            {
                if (!ReferenceEquals(reader, StandardInput))
                {
                    reader.Dispose();
                }
            }
        }

        return 0;
    }

    private void RunFlowLine(IDpif dpif, FlowLineCommand defaultCommand, string line, int lineNumber)
    {
        FlowLineCommand command = ParseFlowLine(defaultCommand, line, out string? flow, out string? actions);
        bool bad = (flow is null && actions is null)
            || (command is FlowLineCommand.Add or FlowLineCommand.Modify && actions is null)
            || (command == FlowLineCommand.Delete && actions is not null);
        if (bad)
        {
            Error(0, $"Failed parsing line number {lineNumber}, skipped!");
            return;
        }

        switch (command)
        {
            case FlowLineCommand.Add:
                PutFlow(dpif, flow!, actions!, DpifFlowPutFlags.Create);
                break;
            case FlowLineCommand.Modify:
                PutFlow(dpif, flow!, actions!, DpifFlowPutFlags.Modify);
                break;
            default:
                DelFlow(dpif, flow!);
                break;
        }
    }

    /// <summary>
    /// dpctl_parse_flow_line: an optional command word (its first token compared as a prefix of "add", "delete" or
    /// "modify"), the flow up to the next blank, then the actions (the rest of the line, if any).
    /// </summary>
    private static FlowLineCommand ParseFlowLine(FlowLineCommand command, string line, out string? flow, out string? actions)
    {
        ReadOnlySpan<char> rest = line.AsSpan().TrimStart(s_blanks);
        int length = rest.IndexOfAny(", \t\r\n");
        length = length < 0 ? rest.Length : length;
        ReadOnlySpan<char> word = rest[..length];
        if ("add".AsSpan().StartsWith(word, StringComparison.Ordinal))
        {
            command = FlowLineCommand.Add;
        }
        else if ("delete".AsSpan().StartsWith(word, StringComparison.Ordinal))
        {
            command = FlowLineCommand.Delete;
        }
        else if ("modify".AsSpan().StartsWith(word, StringComparison.Ordinal))
        {
            command = FlowLineCommand.Modify;
        }
        else
        {
            length = 0;
        }

        rest = rest[length..].TrimStart(s_blanks);
        int flowLength = rest.IndexOfAny(s_blanks);
        flowLength = flowLength < 0 ? rest.Length : flowLength;
        if (flowLength == 0)
        {
            flow = actions = null;
            return command;
        }

        flow = rest[..flowLength].ToString();
        rest = rest[flowLength..].TrimStart(s_blanks);
        actions = rest.IsEmpty ? null : rest.ToString();
        return command;
    }

    private TextReader? OpenFlowFile(string fileName, out int error)
    {
        error = 0;
        if (fileName == "-" && StandardInput is not null)
        {
            return StandardInput;
        }

        try
        {
            return new StreamReader(fileName);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = OvsErrno.ENOENT;
        }
        catch (UnauthorizedAccessException)
        {
            error = OvsErrno.EACCES;
        }
        catch (IOException)
        {
            error = OvsErrno.EIO;
        }

        return null;
    }
}
