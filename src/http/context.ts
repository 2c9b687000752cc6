// What every handler can reach: the cluster service and the lab the request acts in.
import type { LabCluster } from '../cluster/lab-cluster';

export interface AppEnv {
  Variables: {
    cluster: LabCluster;
    labId: string;
  };
}
