using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace Tracker.Server.Infrastructure.Marten;

/// <summary>Stores the data column of the given tables with lz4 instead of PostgreSQL's default pglz. Step batches
/// (mt_events): a 10,000-step batch is compressed with a fifth of pglz's CPU time on append and read back faster, for
/// about 10% more space; a run's curve document, rewritten whole by its projection after every batch, likewise
/// (docs/performance.md, Dashboard). Part of Tracker's schema, so startup apply, db-apply and the production check all
/// see it. PostgreSQL compresses only values written after the change; rows already stored keep pglz until rewritten.</summary>
public sealed class Lz4Compression(string schema, params string[] tables) : FeatureSchemaBase("Lz4Compression", new PostgresqlMigrator())
{
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        return tables.Select(table => new ColumnLz4(schema, table, "data"));
    }

    /// <summary>One column's TOAST compression. Marten's own table diff does not look at compression, so the two never
    /// disagree; this one reads pg_attribute.attcompression ('l' = lz4).</summary>
    public sealed class ColumnLz4(string schema, string table, string column) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, $"{table}_{column}_lz4", SchemaUtils.IdentifierUsage.General);

        private string Alter => $"alter table {schema}.{table} alter column {column} set compression";

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"{Alter} lz4;");

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"{Alter} default;");

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
        {
            builder.Append("select a.attcompression from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = ");
            builder.AppendParameter(schema);
            builder.Append(" and c.relname = ");
            builder.AppendParameter(table);
            builder.Append(" and a.attname = ");
            builder.AppendParameter(column);
            builder.Append(" and not a.attisdropped;");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            var lz4 = await reader.ReadAsync(ct) && reader.GetChar(0) == 'l';
            return new SchemaObjectDelta(this, lz4 ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }
}
