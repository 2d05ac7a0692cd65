/** The worker thread: runs checks and assessments so the server's event loop keeps answering requests. */
import { parentPort } from 'node:worker_threads';
import { assessModel, checkModel } from './assess-task.js';

export interface TaskMessage {
  id: number;
  task: 'check' | 'assess';
  file: string;
  text: string;
}

parentPort?.on('message', (message: TaskMessage) => {
  try {
    const result =
      message.task === 'check' ? checkModel(message.file, message.text) : assessModel(message.file, message.text);
    parentPort?.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, crash: (error as Error).stack ?? String(error) });
  }
});
