#!/usr/bin/env bash
# Development only, until the first release: rewrites the init migration of
# both providers from prisma/models.prisma and regenerates the clients.
# After a release, add migrations with `npm run db:new-migration -- <name>`.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f /tmp/skranke-diff.db
for p in sqlite postgresql; do
  if [ "$p" = sqlite ]; then url=file:/tmp/skranke-diff.db; else url=postgresql://postgres@127.0.0.1:5432/postgres; fi
  DATABASE_URL=$url PRISMA_PROVIDER=$p npx prisma migrate diff --from-empty --to-schema-datamodel "prisma/$p" --script \
    > "prisma/$p/migrations/20261123000000_init/migration.sql.new"
  mv "prisma/$p/migrations/20261123000000_init/migration.sql.new" "prisma/$p/migrations/20261123000000_init/migration.sql"
  PRISMA_PROVIDER=$p npx prisma generate >/dev/null
done
cp prisma/models.prisma prisma/snapshot.prisma
echo "init migrations and clients regenerated; delete data/skranke.db (SQLite) and drop test schemas if they were migrated before"
