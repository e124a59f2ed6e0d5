import type { Server } from 'node:net';

/** A start-up failure with a message meant for the person starting the server (no stack trace needed). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * `server.listen` as a promise that fails with a plain sentence: the port taken (EADDRINUSE), not allowed
 * (EACCES), or an address this machine does not have (EADDRNOTAVAIL).
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const where = `${host}:${port}`;
      if (err.code === 'EADDRINUSE') reject(new StartupError(`Port ${port} is already in use on ${host}. Stop the other process, or set PORT to a free port (e.g. PORT=3001 npm start).`));
      else if (err.code === 'EACCES') reject(new StartupError(`Not allowed to listen on ${where}. Ports below 1024 need extra privileges; set PORT to 1024 or above.`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new StartupError(`This machine has no address ${host}. Set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for all).`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
