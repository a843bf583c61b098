import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Client } from 'pg';
import { IDENTITY_DEFAULTS, signIn, SignInError } from '@plancycle/devstack';
import { testStack } from '../support/test-stack';

jest.setTimeout(60_000);

/**
 * The shared stack's embedded OIDC provider (global-setup) signs in the people of the
 * stack's database: what the API's tests use to get real tokens. The provider itself is
 * covered in apps/identity/src/identity-provider.medium.spec.ts.
 */
describe('the test stack identity provider', () => {
  const run = randomUUID().slice(0, 8);
  const person = { id: `e2e-person-${run}`, name: '钱协调', email: `coordinator-${run}@demo.plancycle.local` };

  beforeAll(async () => {
    const sql = new Client({ connectionString: testStack().databaseUrl });
    await sql.connect();
    try {
      await sql.query(`INSERT INTO "Person" (id, name, email, role, status) VALUES ($1, $2, $3, 'coordinator', 'active')`, [
        person.id,
        person.name,
        person.email,
      ]);
    } finally {
      await sql.end();
    }
  });

  afterAll(async () => {
    // Other specs read the shared stack's directory: leave it as it was.
    const sql = new Client({ connectionString: testStack().databaseUrl });
    await sql.connect();
    await sql.query('DELETE FROM "Person" WHERE id = $1', [person.id]).finally(() => sql.end());
  });

  it('signs a person of the stack database in; the token verifies against the stack issuer for the API audience', async () => {
    const { issuer, demoPassword } = testStack();
    const { accessToken } = await signIn({ issuer, email: person.email, password: demoPassword });
    const { payload } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
      issuer,
      audience: IDENTITY_DEFAULTS.audience,
    });
    expect(payload).toMatchObject({ sub: person.id, email: person.email, name: person.name });
  });

  it('does not know people who are not in the directory', async () => {
    const { issuer, demoPassword } = testStack();
    await expect(signIn({ issuer, email: `stranger-${run}@demo.plancycle.local`, password: demoPassword })).rejects.toBeInstanceOf(
      SignInError,
    );
  });
});
