// Grading: declarative checks over a lab's state and simulated traffic, scored and reported.
export type * from './checks';
export { CHECK_TYPES } from './checks';
export { gradeChecks } from './evaluate';
export { parseFieldPath, valueAt } from './field-path';
export { gradescopeResults, ltiScore } from './report-formats';
export type { GradescopeResults, GradescopeTest, LtiScore } from './report-formats';
export { DEFAULT_CLIENT_IP, DEFAULT_EVEN_REQUESTS } from './traffic-checks';
export type { Simulate, SimulatedTraffic } from './traffic-checks';
