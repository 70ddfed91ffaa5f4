// What the exchange's public routes answer (contract.md, "Desk-to-desk exchange"). For the OpenAPI document
// only (openapi.ts).
import { z } from 'zod';
import { Instant } from './case.ts';

export const Jwks = z
  .object({
    keys: z.array(
      z.looseObject({
        kty: z.string(),
        crv: z.string().optional(),
        x: z.string().optional(),
        kid: z.string().optional(),
        alg: z.string().optional(),
        use: z.string().optional(),
      }),
    ),
  })
  .describe("this desk's public exchange keys (RFC 7517), Ed25519");

export const Receipt = z
  .object({
    messageId: z.string(),
    sha256: z.string().describe("hex SHA-256 of the message's compact serialization"),
    receivedAt: Instant,
    receipt: z.string().describe('compact JWS (Ed25519, typ desk-receipt+jws) over the three fields above'),
  })
  .describe('the signed receipt; the same again for a message already received');
