// Upstream: lib/daemon-unix.c, daemon_set_new_user() and daemon_become_new_user() (OVS 3.1)
//
// --user=USER[:GROUP]: look the names up in /etc/passwd and /etc/group, then drop to that group, USER's
// supplementary groups and that user. Messages are upstream's, including its "(null): " quirk.
using System.Globalization;

namespace Ovs.Common.Hosting;

internal static class DaemonUser
{
    public static void Switch(string spec)
    {
        int colon = spec.IndexOf(':');
        string user = colon < 0 ? spec : spec[..colon];
        string? group = colon < 0 ? null : spec[(colon + 1)..];

        string[]? pw = FindEntry("/etc/passwd", user);
        if (pw is null || pw.Length < 4)
        {
            OvsFatal.Fatal($"(null): user {user} not found, aborting.");
        }

        uint uid = uint.Parse(pw[2], CultureInfo.InvariantCulture);
        uint gid = uint.Parse(pw[3], CultureInfo.InvariantCulture);
        if (group is not null)
        {
            string[]? gr = FindEntry("/etc/group", group);
            if (gr is null || gr.Length < 3)
            {
                OvsFatal.Fatal($"(null): group {group} not found, aborting.");
            }

            gid = uint.Parse(gr[2], CultureInfo.InvariantCulture);
        }

        if (Libc.GetUid() == uid)
        {
            return;
        }

        if (Libc.SetGid(gid) < 0)
        {
            OvsFatal.Fatal(Libc.Errno, $"setgid({gid}) failed");
        }

        if (Libc.InitGroups(user, gid) < 0)
        {
            OvsFatal.Fatal(Libc.Errno, $"initgroups({user}, {gid}) failed");
        }

        if (Libc.SetUid(uid) < 0)
        {
            OvsFatal.Fatal(Libc.Errno, $"setuid({uid}) failed");
        }
    }

    private static string[]? FindEntry(string file, string name)
    {
        try
        {
            foreach (string line in File.ReadLines(file))
            {
                string[] fields = line.Split(':');
                if (fields.Length > 2 && fields[0] == name)
                {
                    return fields;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return null;
    }
}
