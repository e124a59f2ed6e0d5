/** `npm run user -- add|list|disable|enable|password ...`: staff accounts in the SQLite file (DATABASE_PATH). */
import { existsSync } from 'node:fs';
import { runUserCommand } from '../server/auth/user-command';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { createSqliteStore } from '../server/db/sqlite-store';

if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const db = openDatabase(config.databasePath);
const readStdin = async () => {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data;
};
const code = await runUserCommand(process.argv.slice(2), createSqliteStore(db), { out: (l) => console.log(l), err: (l) => console.error(l), stdin: readStdin });
db.close();
process.exit(code);
