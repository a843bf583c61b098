import { defineConfig } from 'prisma/config';

// Config for the schema-engine bridge checks (check.sh). check.sh points BRIDGE_CHECK_DIR
// at a scratch copy of this folder so that migrations and the generated client never
// land in the repository; relative paths are resolved from this file's folder.
const dir = process.env.BRIDGE_CHECK_DIR ?? '.';

export default defineConfig({
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/prisma_bridge_check',
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
