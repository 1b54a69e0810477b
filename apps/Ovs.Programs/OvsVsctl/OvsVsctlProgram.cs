// Upstream: utilities/ovs-vsctl.c, main() (OVS 3.1)
//
// ovs-vsctl: the shared db-ctl run sequence (DbCtlProgram) with the vswitch schema, ovs-vsctl's commands and
// options, and --help, --commands and --options texts.
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;

namespace Ovs.Programs.OvsVsctl;

internal static partial class OvsVsctlProgram
{
    public static int Run(string[] args) => new Host().Run(args);

    private sealed class Host() : DbCtlProgram("vsctl")
    {
        protected override DbCtlEngine CreateEngine()
        {
            var engine = new DbCtlEngine(VsctlSchema.Load, VsctlSchema.RowIds, VsctlSchema.ShowTables);
            engine.Register(VsctlCommands.Table);
            return engine;
        }

        protected override string SchemaVersion => VswitchIdl.Version;

        protected override IReadOnlyList<OptionSpec> OptionTable(DbCtlEngine engine) => OvsVsctlOptions.FullTable(engine);

        protected override CtlGlobalOptions ApplyOptions(GetOptResult parsed) => OvsVsctlOptions.Parse(parsed);

        protected override string ActionText(string action, DbCtlEngine engine) => action switch
        {
            "help" => Usage(engine),
            "commands" => CommandsText(engine),
            "options" => OptionsText(),
            _ => throw new InvalidOperationException($"unknown action {action}"),
        };

        protected override IDbCtlFrontEnd CreateFrontEnd(CtlGlobalOptions options) =>
            new VsctlFrontEnd(((OvsVsctlOptions)options).WaitForReload);
    }

    /// <summary>--options: every global option as "--name[=ARG]" and its short form.</summary>
    private static string OptionsText()
    {
        var s = new System.Text.StringBuilder();
        foreach (OptionSpec option in OvsVsctlOptions.Global)
        {
            bool hasArg = option.Argument != OptionArgument.None;
            s.Append("--").Append(option.Name).Append(hasArg ? "=ARG" : string.Empty).Append('\n');
            if (option.Short != '\0')
            {
                s.Append('-').Append(option.Short).Append(hasArg ? " ARG" : string.Empty).Append('\n');
            }
        }

        return s.ToString();
    }
}
