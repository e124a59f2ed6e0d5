/**
 * `tsx scripts/cluster/with-services.ts [--postgres] [--redis] -- <command...>`: starts a throwaway local
 * PostgreSQL and/or Redis (services.ts), runs the command with TEST_DATABASE_URL / TEST_REDIS_URL pointing at
 * them, stops them, and exits with the command's code. Installs nothing: without the Debian packages it says so
 * and exits 1. Used by `npm run test:pg`.
 */
import { spawn } from 'node:child_process';
import { startPostgres, startRedis, type Service } from './services';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const flags = sep === -1 ? args : args.slice(0, sep);
const command = sep === -1 ? [] : args.slice(sep + 1);
if (!command.length) {
  console.error('usage: tsx scripts/cluster/with-services.ts [--postgres] [--redis] -- <command...>');
  process.exit(2);
}

const services: Service[] = [];
const env: Record<string, string> = {};
let code = 1;
try {
  if (flags.includes('--postgres')) {
    const pg = await startPostgres();
    services.push(pg);
    env.TEST_DATABASE_URL = pg.url;
    console.log(`PostgreSQL at ${pg.url}`);
  }
  if (flags.includes('--redis')) {
    const redis = await startRedis();
    services.push(redis);
    env.TEST_REDIS_URL = redis.url;
    console.log(`Redis at ${redis.url}`);
  }
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', stop).on('SIGTERM', stop);
  code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
} catch (err) {
  console.error(`Could not start the services: ${(err as Error).message}`);
} finally {
  for (const s of services.reverse()) await s.stop();
}
process.exit(code);
