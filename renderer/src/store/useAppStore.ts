import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState, AppStore } from './appStore.js';

export const StoreContext = createContext<AppStore | null>(null);

function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <StoreContext.Provider>');
  return store;
}

/** Subscribes to one slice of state; returns primitives or stable references. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/** Subscribes to several values at once (shallow-compared). */
export function useAppStoreShallow<T extends object>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), useShallow(selector));
}

/** The store itself, for actions and imperative reads in event handlers. */
export function useAppStoreApiInstance(): AppStore {
  return useAppStoreApi();
}

/** The store's actions (stable functions: reading them never subscribes to state). */
export function useActions(): AppState {
  return useAppStoreApi().getState();
}
