// Upstream: ovsdb/rbac.c (OVS 3.1); ovsdb-server(7), "RBAC_Role" and "Transact"
//
// Role-based access control for the writing operations of a transaction. It applies when the database has a table
// named RBAC_Role and the client has a non-empty role (from its remote's "role" column, or ovsdb-tool --rbac-role).
// The role's row (matched on its "name" column) maps table names, in its "permissions" column, to a row of the
// permission table, which says:
//   - authorization: column names, or "column:key" for a string-to-string map column, whose value must equal the
//     client's ID (the common name of its SSL certificate) for the client to touch a row; "" authorizes everyone;
//   - insert_delete: whether authorized clients may insert and delete rows;
//   - update: the columns that authorized clients may update or mutate.
// A client without an ID, a role without a row or a table without permissions is refused everything. Rows are
// looked up as the transaction sees them, so a role or permission changed earlier in the same transaction counts.
// Columns of unexpected types count as absent, as in upstream's ovsdb-util helpers.
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Rbac;

/// <summary>The access rules of one client role for one transaction; null from <see cref="Create"/> when unrestricted.</summary>
internal sealed class RbacPolicy
{
    /// <summary>The table that enables RBAC by its presence.</summary>
    public const string RoleTableName = "RBAC_Role";

    private readonly Transaction _transaction;
    private readonly Table _roles;

    private RbacPolicy(Transaction transaction, Table roles, string role, string? clientId)
    {
        _transaction = transaction;
        _roles = roles;
        Role = role;
        ClientId = clientId;
    }

    public string Role { get; }

    /// <summary>The client's ID, or null when it has none (no SSL certificate, ovsdb-tool).</summary>
    public string? ClientId { get; }

    /// <summary>
    /// The policy for a client with <paramref name="role"/>, or null if the client is unrestricted: no role, an empty
    /// role, or a database without an RBAC_Role table.
    /// </summary>
    public static RbacPolicy? Create(Transaction transaction, string? role, string? clientId)
    {
        if (string.IsNullOrEmpty(role) || transaction.Database.GetTable(RoleTableName) is not { } roles)
        {
            return null;
        }

        return new RbacPolicy(transaction, roles, role, clientId);
    }

    /// <summary>True if the client may insert <paramref name="row"/> (with its defaults filled in) into <paramref name="table"/>.</summary>
    public bool MayInsert(Table table, Row row) =>
        FindPermissions(table) is { } permissions && IsAuthorized(permissions, row) && AllowsInsertDelete(permissions);

    /// <summary>True if the client may delete every one of <paramref name="rows"/>.</summary>
    public bool MayDelete(Table table, IReadOnlyList<Row> rows)
    {
        if (FindPermissions(table) is not { } permissions)
        {
            return false;
        }

        foreach (Row row in rows)
        {
            if (!IsAuthorized(permissions, row) || !AllowsInsertDelete(permissions))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True if the client may change <paramref name="columns"/> (update or mutate) in every one of <paramref name="rows"/>.</summary>
    public bool MayModify(Table table, IReadOnlyList<Row> rows, IReadOnlyCollection<ColumnSchema> columns)
    {
        if (FindPermissions(table) is not { } permissions || StringSet(permissions, "update") is not { } updatable)
        {
            return false;
        }

        foreach (Row row in rows)
        {
            if (!IsAuthorized(permissions, row))
            {
                return false;
            }

            foreach (ColumnSchema column in columns)
            {
                if (!Contains(updatable, column.Name))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private Row? FindPermissions(Table table)
    {
        if (ClientId is null || FindRole() is not { } role)
        {
            return null;
        }

        // "permissions": a map from table name to a row of the table its values refer to.
        ColumnSchema? column = role.Schema.GetColumn("permissions");
        if (column is null
            || column.Type.Key.Type != AtomicType.String
            || column.Type.Value.Type != AtomicType.Uuid
            || column.Type.Value.RefTableName is not { } refTableName
            || _transaction.Database.GetTable(refTableName) is not { } permissionTable)
        {
            return null;
        }

        Datum permissions = role[column];
        for (int i = 0; i < permissions.Count; i++)
        {
            if (permissions.Keys[i].AsString == table.Name)
            {
                return _transaction.Find(permissionTable, permissions.Values[i].AsUuid);
            }
        }

        return null;
    }

    private Row? FindRole()
    {
        ColumnSchema? name = _roles.Schema.GetColumn("name");
        if (name is null || name.Type.Key.Type != AtomicType.String)
        {
            return null;
        }

        foreach (Row row in _transaction.Rows(_roles))
        {
            foreach (Atom atom in row[name].Keys)
            {
                if (atom.AsString.Length > 0 && atom.AsString == Role)
                {
                    return row;
                }
            }
        }

        return null;
    }

    private bool IsAuthorized(Row permissions, Row row)
    {
        if (StringSet(permissions, "authorization") is not { } authorization)
        {
            return false;
        }

        foreach (Atom atom in authorization.Keys)
        {
            string name = atom.AsString;
            if (name.Length == 0)
            {
                return true;
            }

            string? value = name.Contains(':', StringComparison.Ordinal) ? MapValue(row, name) : ScalarString(row, name);
            if (value == ClientId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllowsInsertDelete(Row permissions)
    {
        ColumnSchema? column = permissions.Schema.GetColumn("insert_delete");
        if (column is null || !IsShape(column.Type, AtomicType.Boolean, AtomicType.Void, 1))
        {
            return false;
        }

        Datum value = permissions[column];
        return value.Count > 0 && value.Keys[0].AsBoolean;
    }

    // "column:key": the string that a string-to-string map column maps the first non-empty key field to.
    private static string? MapValue(Row row, string name)
    {
        string[] fields = name.Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            return null;
        }

        ColumnSchema? column = row.Schema.GetColumn(fields[0]);
        if (column is null || !IsShape(column.Type, AtomicType.String, AtomicType.String, OvsdbType.Unlimited))
        {
            return null;
        }

        return row[column].TryGetValue(Atom.String(fields[1]), out Atom value) ? value.AsString : null;
    }

    private static string? ScalarString(Row row, string name)
    {
        ColumnSchema? column = row.Schema.GetColumn(name);
        if (column is null || !IsShape(column.Type, AtomicType.String, AtomicType.Void, 1))
        {
            return null;
        }

        Datum value = row[column];
        return value.Count > 0 ? value.Keys[0].AsString : null;
    }

    private static Datum? StringSet(Row row, string name)
    {
        ColumnSchema? column = row.Schema.GetColumn(name);
        return column is not null && IsShape(column.Type, AtomicType.String, AtomicType.Void, OvsdbType.Unlimited) ? row[column] : null;
    }

    private static bool Contains(Datum set, string name)
    {
        foreach (Atom atom in set.Keys)
        {
            if (atom.AsString == name)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsShape(OvsdbType type, AtomicType key, AtomicType value, uint max) =>
        type.Key.Type == key && type.Value.Type == value && type.Max == max;
}
