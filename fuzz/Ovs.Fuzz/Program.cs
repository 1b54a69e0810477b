// ovs-fuzz: runs the fuzz targets with the built-in mutation driver.
//   ovs-fuzz list
//   ovs-fuzz run TARGET|all [--inputs N] [--seconds S] [--seed N]
//   ovs-fuzz replay TARGET FILE      (runs one saved input, for example a crash written by run)
// A failing input is written to ./fuzz-crash-TARGET-SEED.bin and the exit status is 1.
using System.Globalization;
using Ovs.Fuzz;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: ovs-fuzz list | run TARGET|all [--inputs N] [--seconds S] [--seed N] | replay TARGET FILE");
    return args.Length == 0 ? 2 : 0;
}

switch (args[0])
{
    case "list":
        foreach (FuzzTarget t in Targets.All)
        {
            Console.WriteLine($"{t.Name,-12} {t.Description}");
        }

        return 0;
    case "run" when args.Length >= 2:
        long inputs = long.MaxValue;
        double seconds = 60;
        int seed = Environment.TickCount;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--inputs": inputs = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"ovs-fuzz: unknown option {args[i]}"); return 2;
            }
        }

        IEnumerable<FuzzTarget> selected = args[1] == "all" ? Targets.All : Targets.Find(args[1]) is { } one ? [one] : [];
        int status = 0;
        foreach (FuzzTarget target in selected)
        {
            FuzzResult r = FuzzDriver.Run(target, inputs, TimeSpan.FromSeconds(seconds), seed, TimeSpan.FromSeconds(2));
            Console.WriteLine($"{r.Target}: {r.Inputs} inputs in {r.Elapsed.TotalSeconds:F1} s, seed {seed}: {(r.Passed ? "ok" : "FAILED")}");
            if (!r.Passed)
            {
                string file = $"fuzz-crash-{r.Target}-{seed}.bin";
                File.WriteAllBytes(file, r.FailingInput!);
                Console.WriteLine($"  {r.Failure}\n  input saved to {file}");
                status = 1;
            }
        }

        return selected.Any() ? status : 2;
    case "replay" when args.Length == 3 && Targets.Find(args[1]) is { } target:
        string? failure = FuzzDriver.Check(target, File.ReadAllBytes(args[2]), TimeSpan.FromSeconds(2));
        Console.WriteLine(failure ?? "ok");
        return failure is null ? 0 : 1;
    default:
        Console.Error.WriteLine("ovs-fuzz: bad command line (try --help)");
        return 2;
}
