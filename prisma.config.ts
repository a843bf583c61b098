import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (scripts/prisma.js). The running system takes its
// connection from DATABASE_URL through libs/config.
export default defineConfig({
  schema: 'libs/persistence/prisma/schema.prisma',
  migrations: { path: 'libs/persistence/prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
