/**
 * The SQLite store's writer thread: one connection that commits the op log (group commit) and
 * the device bookkeeping, so neither the commits nor a disk that is slow to take them ever hold
 * up the event loop that serves sockets. Requests are handled one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  configureWriterConnection,
  createOpLogWriter,
  type WriterOptions,
  type WriterRequest,
  type WriterResponse,
} from './sqlite-writer.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer.worker must run as a worker thread');
const options = workerData as WriterOptions;
const db = new Database(options.file);
configureWriterConnection(db, options);
const writer = createOpLogWriter(db);

port.on('message', (req: WriterRequest) => {
  let res: WriterResponse;
  try {
    if (req.type === 'append') res = { id: req.id, ok: true, results: writer.append(req.items) };
    else if (req.type === 'stats') {
      writer.updateDeviceStats(req.entries);
      res = { id: req.id, ok: true };
    } else {
      db.close();
      port.postMessage({ id: req.id, ok: true } satisfies WriterResponse);
      port.close();
      return;
    }
  } catch (err) {
    res = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(res);
});
