import { type Kysely, sql } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";

export type DialectName = "sqlite" | "postgres";

/** The schema, one migration per change applied by Kysely's Migrator: never edit a shipped one, add the next. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const blob = dialect === "postgres" ? "bytea" : "blob";
  const migrations: Record<string, Migration> = {
    "0001_initial": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("accounts")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("owner_id", "text", (c) => c.notNull())
          .addColumn("position", "integer", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("currency", "text", (c) => c.notNull())
          .addColumn("decimals", "integer", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          // the checks make a broken book impossible to store, whatever a bug upstream does.
          .addColumn("balance", "bigint", (c) => c.notNull().check(sql`balance >= 0`))
          .addColumn("held", "bigint", (c) => c.notNull().check(sql`held >= 0`))
          .execute();
        await db.schema.createIndex("accounts_by_owner").on("accounts").columns(["owner_id", "position"]).execute();

        await db.schema
          .createTable("operations")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
          .addColumn("amount", "bigint", (c) => c.notNull())
          .addColumn("commission", "bigint", (c) => c.notNull())
          .addColumn("currency", "text", (c) => c.notNull())
          .addColumn("exchange", "bigint", (c) => c.notNull())
          .addColumn("fee", "bigint", (c) => c.notNull())
          .addColumn("hold", "bigint", (c) => c.notNull().check(sql`hold > 0`))
          .addColumn("category", "text", (c) => c.notNull())
          .addColumn("operator_code", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          .addColumn("destination", "text", (c) => c.notNull())
          .addColumn("sender_label", "text", (c) => c.notNull())
          .addColumn("receiver_label", "text", (c) => c.notNull())
          .addColumn("outcome", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("step_ms", "integer", (c) => c.notNull())
          .addColumn("terminal_at", "bigint", (c) => c.notNull())
          .addColumn("settled_at", "bigint")
          .execute();
        // only unsettled operations, so "is anything due?" stays one probe however long the history grows.
        await db.schema
          .createIndex("operations_due")
          .on("operations")
          .column("terminal_at")
          .where(sql.ref("settled_at"), "is", null)
          .execute();
        await db.schema.createIndex("operations_by_account").on("operations").column("account_id").execute();

        await db.schema
          .createTable("topups")
          .addColumn("id", "bigint", (c) => c.primaryKey())
          .addColumn("client_id", "integer", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("created_date", "text", (c) => c.notNull())
          .addColumn("record", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("topups_by_client").on("topups").columns(["client_id", "id"]).execute();

        await db.schema
          .createTable("counters")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("value", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("tokens")
          .addColumn("access_token", "text", (c) => c.primaryKey())
          .addColumn("refresh_token", "text", (c) => c.notNull().unique())
          .addColumn("username", "text", (c) => c.notNull())
          .addColumn("issued_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("refresh_used_at", "bigint")
          .addColumn("revoked_at", "bigint")
          .execute();

        await db.schema
          .createTable("proofs")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("bytes", sql.raw(blob), (c) => c.notNull())
          .execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}
