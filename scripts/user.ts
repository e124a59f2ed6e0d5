/** `npm run user -- add|list|disable|enable|password ...`: staff accounts in the state store (DATABASE_URL, else DATABASE_PATH). */
import { existsSync } from 'node:fs';
import { runUserCommand } from '../server/auth/user-command';
import { loadConfig } from '../server/config';
import { openStateStore } from '../server/db/open-store';

if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const state = await openStateStore(config);
const readStdin = async () => {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data;
};
const code = await runUserCommand(process.argv.slice(2), state.store, { out: (l) => console.log(l), err: (l) => console.error(l), stdin: readStdin });
await state.close();
process.exit(code);
