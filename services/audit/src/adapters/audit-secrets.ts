import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditConfig } from '../config';
import { keyIdOf } from '../domain/checkpoint';
import { MasterKey } from '../domain/key-wrapping';

/** Writes a file once (another process of this install may have written it first) and reads it back. */
function keptInDataDir(dataDir: string, name: string, variable: string, make: () => string): string {
  try {
    return keepFile(join(dataDir, name), dataDir, make);
  } catch (error) {
    throw new Error(
      `${variable} is not set, and no development key could be kept in ${dataDir} (${(error as Error).message}): set ${variable}`,
    );
  }
}

function keepFile(file: string, dataDir: string, make: () => string): string {
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, make(), { flag: 'wx', mode: 0o600 });
    } catch {
      // written by a process that started at the same time
    }
  }
  return readFileSync(file, 'utf8');
}

/**
 * The audit log's two secrets: the Ed25519 key that signs checkpoints and the master key that wraps lead keys.
 * From config in production; with none configured, development keys are generated into the data dir (and
 * the log says so, since a checkpoint signed by a key kept next to the data proves little).
 */
export class AuditSecrets {
  private constructor(
    readonly checkpointKey: KeyObject,
    readonly master: MasterKey,
    readonly development: { checkpointKey: boolean; masterKey: boolean },
  ) {}

  static load(
    config: Pick<AuditConfig, 'BATON_AUDIT_CHECKPOINT_KEY' | 'BATON_AUDIT_MASTER_KEY' | 'BATON_DATA_DIR'>,
    logger?: Logger,
  ): AuditSecrets {
    const checkpointKey =
      config.BATON_AUDIT_CHECKPOINT_KEY ??
      createPrivateKey(
        keptInDataDir(config.BATON_DATA_DIR, 'audit-checkpoint-key.pem', 'BATON_AUDIT_CHECKPOINT_KEY', () =>
          generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        ),
      );
    const master =
      config.BATON_AUDIT_MASTER_KEY ??
      Buffer.from(
        keptInDataDir(config.BATON_DATA_DIR, 'audit-master-key', 'BATON_AUDIT_MASTER_KEY', () =>
          randomBytes(32).toString('base64'),
        ).trim(),
        'base64',
      );
    const development = {
      checkpointKey: !config.BATON_AUDIT_CHECKPOINT_KEY,
      masterKey: !config.BATON_AUDIT_MASTER_KEY,
    };
    if (development.checkpointKey) {
      logger?.warn(
        { dataDir: config.BATON_DATA_DIR, keyId: keyIdOf(createPublicKey(checkpointKey)) },
        'no BATON_AUDIT_CHECKPOINT_KEY: checkpoints are signed with a development key generated into the data dir',
      );
    }
    if (development.masterKey)
      logger?.warn(
        { dataDir: config.BATON_DATA_DIR },
        'no BATON_AUDIT_MASTER_KEY: lead keys are wrapped with a development key kept in the data dir',
      );
    return new AuditSecrets(checkpointKey, new MasterKey(master), development);
  }
}
