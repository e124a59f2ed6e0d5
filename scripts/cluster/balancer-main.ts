/**
 * The sticky balancer as a process (the compose file's `balancer` service):
 * BACKENDS=app1:3000,app2:3000 PORT=8080 node --import tsx scripts/cluster/balancer-main.ts
 * Reads its two variables here (it is a tool beside the server, not part of it).
 */
import { createBalancer } from './balancer';

const backends = (process.env.BACKENDS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean)
  .map((b) => {
    const [host, port] = b.split(':');
    return { host, port: Number(port) || 3000 };
  });
if (!backends.length) {
  console.error('Set BACKENDS, e.g. BACKENDS=app1:3000,app2:3000');
  process.exit(2);
}
const port = Number(process.env.PORT) || 8080;
const balancer = createBalancer(backends);
balancer.server.listen(port, process.env.HOST ?? '0.0.0.0', () => {
  console.log(`balancer on :${port} -> ${backends.map((b) => `${b.host}:${b.port}`).join(', ')} (sticky by client address)`);
});
const stop = () => void balancer.close().then(() => process.exit(0));
process.on('SIGTERM', stop).on('SIGINT', stop);
