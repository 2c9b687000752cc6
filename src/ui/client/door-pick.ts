// Picking a door on the map: the send form takes its address and port, and the map lights the
// Service behind it and the pods it selects.
import { useEffect } from 'hono/jsx/dom';

export interface DoorPick {
  ip: string;
  port: number;
  /** "namespace/name" of the Service behind the door. */
  service: string;
}

const picks = new EventTarget();

export function pickDoor(pick: DoorPick): void {
  picks.dispatchEvent(new CustomEvent<DoorPick>('pick', { detail: pick }));
}

/** Calls `onPick` for every door picked while the component is mounted. */
export function useDoorPicks(onPick: (pick: DoorPick) => void): void {
  useEffect(() => {
    const listener = (e: Event) => onPick((e as CustomEvent<DoorPick>).detail);
    picks.addEventListener('pick', listener);
    return () => picks.removeEventListener('pick', listener);
  }, []);
}
