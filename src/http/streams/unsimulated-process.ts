// What a container runs until the simulated shell is wired in: nothing, said plainly on the
// error channel (kubectl prints `error: <message>` and exits 1).
import type { StartPodProcess } from './remote-command-route';

export const unsimulatedProcess: StartPodProcess = ({ target }, output) => {
  output.fail(`NodePort Lab does not run processes in container ${target.container} yet`);
  return { input() {}, endInput() {}, resize() {}, hangup() {} };
};
