'use strict';
// Proves the client made by `prisma generate` (generator prisma-client, moduleFormat cjs)
// works at run time through @prisma/adapter-pg: writes and reads a relation, an enum and
// a Json value. Usage: node roundtrip.js <generated dir>   (DATABASE_URL from the env)
const path = require('node:path');
const fs = require('node:fs');
const ts = require('typescript');
const { PrismaPg } = require('@prisma/adapter-pg');

// The generator writes TypeScript; transpile it on load instead of building it.
require.extensions['.ts'] = (module, file) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  module._compile(outputText, file);
};

async function main() {
  const { PrismaClient } = require(path.resolve(process.argv[2], 'client.ts'));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
  try {
    const email = `roundtrip-${Date.now()}@example.org`;
    await prisma.bridgeCheckAuthor.create({
      data: { email, posts: { create: { title: '测试 plan', status: 'PUBLISHED', meta: { year: 2026, tags: ['a'] } } } },
    });
    const author = await prisma.bridgeCheckAuthor.findUniqueOrThrow({ where: { email }, include: { posts: true } });
    const post = author.posts[0];
    if (post?.status !== 'PUBLISHED' || post.meta?.year !== 2026 || post.title !== '测试 plan')
      throw new Error(`unexpected row: ${JSON.stringify(author)}`);
    console.log('roundtrip ok');
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
