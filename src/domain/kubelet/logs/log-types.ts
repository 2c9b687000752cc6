// The shapes of container log writes, apart from the draft that queues them, so the write plan
// (lab/cluster-state) can name them without importing the registry.

/** One line a container wrote, without its newline, at lab time `time` (ms since the epoch). */
export interface LogLine {
  time: number;
  text: string;
}

/** One run of one container of a pod: what a log is kept for. */
export interface LogRun {
  namespace: string;
  pod: string;
  container: string;
  /** The run: the container ID the runtime gave it (`containerStatuses[].containerID`). */
  run: string;
}

/** Lines for one run of one container of a pod. */
export interface ContainerLogWrite extends LogRun {
  lines: LogLine[];
  /**
   * Set when the run starts: the other runs of this container whose logs stay (the previous one,
   * which `--previous` reads); the logs of every other run of it are deleted, as the kubelet
   * garbage-collects dead containers beyond the last one.
   */
  keepRuns?: string[];
  /** Set on a run's first write (its start-up): it holds no more than a ring, so needs no trim. */
  starts?: true;
}
