/**
 * `npm run purge [-- --dry-run]`: deletes what the retention settings no longer allow to keep (RETENTION_DAYS,
 * AUDIT_RETENTION_DAYS, expired sessions). The server also purges at start-up and every 6 hours; this is for cron.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadConfig } from '../server/config';
import { describeStateStore, openStateStore } from '../server/db/open-store';

if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const dryRun = process.argv.includes('--dry-run');
const { store, close } = await openStateStore(config);
const result = await store.purgeExpired(config.retention, { dryRun });
if (!dryRun) await store.audit(`cli:${userInfo().username}`, 'purge', { ...result, retention: config.retention });
await close();
const keep = (days: number) => (days > 0 ? `older than ${days} days` : 'none (kept forever)');
console.log(
  `${dryRun ? 'Would delete' : 'Deleted'}: ${result.conversations} conversation(s) with ${result.messages} message(s) (untouched ${keep(config.retention.conversationDays)}), ` +
    `${result.auditEntries} audit entr${result.auditEntries === 1 ? 'y' : 'ies'} (${keep(config.retention.auditDays)}), ${result.sessions} expired session(s), ` +
    `${result.claims} stale resend key(s) -> ${describeStateStore(config)}`,
);
