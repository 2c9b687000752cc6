// The Service debugger's answer: Kubernetes' "Debug Services" checklist, step by step.
import { z } from 'zod';

export const DebugStep = z
  .strictObject({
    step: z.enum([
      'address',
      'service-exists',
      'selector-matches',
      'pods-ready',
      'endpoints',
      'target-port',
      'protocol',
      'node-port',
      'local-endpoints',
      'firewall',
      'source-ranges',
      'network-policy',
    ]),
    title: z.string(),
    result: z.enum(['passed', 'failed', 'skipped']),
    evidence: z.array(z.string()),
    hint: z.string().optional(),
  })
  .meta({ description: "One step of the checklist with what the lab's state shows." });

export const DebugReport = z
  .strictObject({
    service: z.strictObject({ namespace: z.string(), name: z.string() }).optional(),
    steps: z.array(DebugStep),
    firstFailure: DebugStep.shape.step.optional(),
  })
  .meta({ description: 'The checklist walked on the lab; firstFailure is where to look first.' });
export type DebugReport = z.infer<typeof DebugReport>;
