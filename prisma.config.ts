// Prisma CLI configuration. Prisma runs offline here through the JavaScript
// schema engine and a driver adapter (no native engine download).
// PRISMA_PROVIDER picks the schema folder: sqlite (default) or postgresql.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const provider = process.env.PRISMA_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    if (provider === "postgresql") {
      return new PrismaPg({ connectionString: databaseUrl ?? "postgresql://localhost:5432/skranke" });
    }
    return new PrismaBetterSQLite3({ url: databaseUrl ?? "file:./data/skranke.db" });
  },
});
