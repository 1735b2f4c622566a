/**
 * The only module that touches `ipcMain`: registers one handler per channel of the contract,
 * each checking its sender before validating the payload and dispatching it. Nothing crosses
 * IPC as a thrown error: every reply is a `Result`.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Result } from './contract.js';
import { dispatch } from './backend/handlers.js';
import type { Session } from './backend/session.js';
import { isTrustedSender } from './security.js';

const FORBIDDEN: Result<never> = { ok: false, error: { code: 'forbidden', message: 'This window may not call the app.' } };

/** Registers every channel; `windowIds` holds the web contents ids of the app's own windows. */
export function registerIpc(session: Session, windowIds: ReadonlySet<number>): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        { webContentsId: event.sender.id, frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame },
        windowIds,
      );
      if (!trusted) {
        console.warn(`carryover: refused ${channel} from ${frame?.url ?? 'an unknown frame'}`);
        return FORBIDDEN;
      }
      return dispatch(session, channel, payload);
    });
  }
}
