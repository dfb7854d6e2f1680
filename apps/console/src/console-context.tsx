import { createContext, useContext, useEffect, useRef } from 'react';
import type { Api, Role } from './api';
import type { LiveEvent, LiveStream } from './live';
import type { ConsoleConfig, Session } from './session';

/** What the signed-in user may see and do: the API decides, this only keeps the page from offering the impossible. */
export interface Permissions {
  actAsRep: boolean;
  supervise: boolean;
  readOnly: boolean;
  kpis: boolean;
  simulate: boolean;
}

export function permissionsOf(role: Role): Permissions {
  return {
    actAsRep: role === 'rep',
    supervise: role === 'supervisor' || role === 'admin',
    readOnly: role === 'auditor',
    kpis: role === 'auditor' || role === 'supervisor' || role === 'admin',
    simulate: role !== 'auditor',
  };
}

export interface ConsoleEnv {
  config: ConsoleConfig;
  session: Session;
  api: Api;
  live: LiveStream;
  can: Permissions;
}

export const ConsoleContext = createContext<ConsoleEnv | undefined>(undefined);

export function useConsole(): ConsoleEnv {
  const env = useContext(ConsoleContext);
  if (!env) throw new Error('useConsole outside the signed-in console');
  return env;
}

/**
 * Calls `reload` when the live stream says something changed that `matters` (and after every (re)connection),
 * coalescing a burst of facts into one reload.
 */
export function useLiveReload(reload: () => void, matters: (event: LiveEvent) => boolean): void {
  const { live } = useConsole();
  const latest = useRef({ reload, matters });
  latest.current = { reload, matters };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = live.subscribe((event) => {
      if (event.kind !== 'ready' && !latest.current.matters(event)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.reload(), 60);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [live]);
}
