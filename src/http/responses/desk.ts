// What GET /health answers. For the OpenAPI document only (openapi.ts).
import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  store: z.string().describe('sqlite or postgres'),
});

// a report for load balancers, not an error: plain JSON, not a problem
export const Degraded = z.object({
  status: z.literal('degraded'),
  version: z.string(),
  store: z.string(),
  problem: z.string(),
});
