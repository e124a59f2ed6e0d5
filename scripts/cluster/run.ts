/**
 * `npm run cluster [-- --instances 2 --port 3000]`: the compose file's topology on this machine, without
 * containers: a throwaway PostgreSQL and Redis (Debian's packages, not installed by this script), N Careline
 * instances sharing them, and the sticky balancer in front on PORT. Ctrl-C stops everything (the instances
 * gracefully) and deletes the temp data.
 */
import { parseArgs } from 'node:util';
import { createBalancer } from './balancer';
import { missingServices, startPostgres, startRedis } from './services';
import { createInstances } from './topology';

const { values } = parseArgs({ options: { instances: { type: 'string', default: '2' }, port: { type: 'string', default: '3000' } } });
const count = Math.max(1, Math.min(8, Number(values.instances) || 2));
const port = Number(values.port) || 3000;
const missing = missingServices();
if (missing) {
  console.error(`Cannot run the cluster here: ${missing}. Install them with: apt-get install postgresql redis-server`);
  process.exit(1);
}

const pg = await startPostgres();
const redis = await startRedis();
const cluster = createInstances({ count, env: { DATABASE_URL: pg.url, REDIS_URL: redis.url }, logLevel: 'info', onLog: (name, line) => console.log(`[${name}] ${line}`) });
try {
  await Promise.all(cluster.instances.map((i) => i.start()));
} catch (err) {
  console.error((err as Error).message);
  await cluster.stopAll('SIGKILL');
  await Promise.all([pg.stop(), redis.stop()]);
  process.exit(1);
}
const balancer = createBalancer(cluster.instances.map((i) => ({ host: '127.0.0.1', port: i.port })));
await new Promise<void>((r) => balancer.server.listen(port, '127.0.0.1', r));
console.log(`\nCareline x${count} behind the balancer at http://127.0.0.1:${port}`);
console.log(`  PostgreSQL ${pg.url}\n  Redis      ${redis.url}`);
for (const i of cluster.instances) console.log(`  ${i.name}  http://127.0.0.1:${i.port}`);
console.log('Ctrl-C stops everything.\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await balancer.close();
  await cluster.stopAll('SIGTERM');
  await Promise.all([pg.stop(), redis.stop()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop()).on('SIGTERM', () => void stop());
