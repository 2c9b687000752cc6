// What every handler can reach: the cluster service, the labs, who is asking and the lab it acts in.
import type { LabCluster } from '../cluster/lab-cluster';
import type { LabEvents } from '../cluster/lab-events';
import type { LabDirectory } from '../cluster/labs';

/**
 * Who sent the request. `admin` holds the admin token, or is anyone at all in open mode (no
 * ADMIN_TOKEN); `lab` holds one lab's token and sees nothing else; `anonymous` reached a public
 * route (health, API docs, version) without a credential while ADMIN_TOKEN is set.
 */
export type Principal =
  { role: 'admin'; open: boolean } | { role: 'lab'; labId: string } | { role: 'anonymous' };

export interface AppEnv {
  Variables: {
    cluster: LabCluster;
    labs: LabDirectory;
    /** Wakes watches when a lab changes; unset: they poll. */
    events: LabEvents | undefined;
    principal: Principal;
    /** The lab cluster routes act in. */
    labId: string;
    /** The bearer token the request authenticated with, if any (for kubeconfig and the like). */
    bearerToken: string | undefined;
  };
}
