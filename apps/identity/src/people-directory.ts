import { Pool } from 'pg';

/** A person of the plancycle directory, as far as signing in needs one. */
export interface DirectoryPerson {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'disabled';
}

/**
 * Reads the people of the plancycle directory ("Person", kept by the API) straight from
 * PostgreSQL: the provider is a separate development tool, not a user of the
 * repositories, and it only ever reads these four columns.
 */
export class PeopleDirectory {
  private constructor(private readonly pool: Pool) {}

  static open(databaseUrl: string): PeopleDirectory {
    return new PeopleDirectory(new Pool({ connectionString: databaseUrl, max: 2 }));
  }

  /** E-mails are stored lower-case; the one typed in may not be. */
  async findByEmail(email: string): Promise<DirectoryPerson | null> {
    const result = await this.pool.query<DirectoryPerson>('SELECT id, name, email, status FROM "Person" WHERE email = lower($1)', [
      email.trim(),
    ]);
    return result.rows[0] ?? null;
  }

  async findById(id: string): Promise<DirectoryPerson | null> {
    const result = await this.pool.query<DirectoryPerson>('SELECT id, name, email, status FROM "Person" WHERE id = $1', [id]);
    return result.rows[0] ?? null;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
