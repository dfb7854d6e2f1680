import { migrate, PgSql, type Sql } from '@baton/sql';
import type { Logger } from 'pino';
import type { AuditConfig } from '../config';
import { AuditLog } from './audit-log';
import { auditLogMigrations, grantWriter } from './audit-schema';
import { AuditSecrets } from './audit-secrets';
import { LeadKeys } from './lead-keys';

/**
 * The audit log's storage, opened once at start-up with its migrations applied: by the owner role when
 * BATON_AUDIT_OWNER_DATABASE_URL is set (then the service's own role is granted only what appending needs),
 * by the service's connection otherwise (development: one role owns all, and only the triggers guard).
 */
export class AuditStore {
  private constructor(
    readonly sql: Sql,
    readonly log: AuditLog,
    readonly keys: LeadKeys,
    readonly secrets: AuditSecrets,
  ) {}

  static async open(sql: Sql, config: AuditConfig, logger?: Logger): Promise<AuditStore> {
    if (config.BATON_AUDIT_OWNER_DATABASE_URL) {
      const owner = PgSql.connect(config.BATON_AUDIT_OWNER_DATABASE_URL, {
        max: 1,
        preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
      });
      try {
        await migrate(owner, 'audit-log', auditLogMigrations);
        const { rows } = await sql.query<{ role: string }>('SELECT current_user AS role');
        await grantWriter(owner, rows[0]!.role);
        logger?.info(
          { writer: rows[0]!.role },
          'audit log migrated by its owner; the service role may only append and read',
        );
      } finally {
        await owner.close();
      }
    } else {
      await migrate(sql, 'audit-log', auditLogMigrations);
    }
    const secrets = AuditSecrets.load(config, logger);
    const keys = new LeadKeys(secrets.master);
    return new AuditStore(sql, new AuditLog(keys), keys, secrets);
  }
}
