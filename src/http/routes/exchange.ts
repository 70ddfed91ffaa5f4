// The exchange's two public routes (contract.md, "Desk-to-desk exchange"): this desk's keys, and the inbox
// where another State's desk posts a signed message. No bearer token: the message is its own credential,
// checked against the sender's keys in the directory (SoM art. 8(6): the central authorities' channel).
import { differenceInMinutes } from 'date-fns';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { issuesOf } from '../../../machines/schemas.ts';
import type { ExchangeKeys } from '../../exchange/keys.ts';
import {
  bodyOf,
  compactOf,
  Message,
  sha256,
  signReceipt,
  unverifiedPayload,
  verified,
} from '../../exchange/protocol.ts';
import type { Received, VerifiedMessage } from '../../runtime/exchange.ts';
import type { Clock } from '../../runtime/types.ts';
import { invalid } from '../errors.ts';
import { Jwks, Receipt } from '../responses/exchange.ts';
import type { ReferenceRuntime } from './reference.ts';

export interface ExchangeRuntime extends Pick<ReferenceRuntime, 'directory'> {
  readonly homeState: string;
  receiveMessage(
    message: VerifiedMessage,
    sign: (receipt: { messageId: string; sha256: string; receivedAt: string }) => Promise<string>,
  ): Promise<Received>;
}

// A message is taken within this window around the desk's clock: a desk whose clock is far off, or a message
// held back for days, is refused rather than dated wrongly in the case (the relay gives up well before).
const FUTURE_MINUTES = 5;
const PAST_MINUTES = 72 * 60;

function badSignature(reply: FastifyReply, message: string) {
  return reply.code(401).send({ error: 'bad-signature', message });
}

export const exchangeRoutes: FastifyPluginAsync<{
  runtime: ExchangeRuntime;
  keys: ExchangeKeys;
  clock: Clock;
}> = async (app, { runtime, keys, clock }) => {
  // a compact JWS arrives as it is; the flattened JSON serialization through the usual JSON parser
  for (const type of ['application/jose', 'text/plain'])
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get(
    '/exchange/jwks',
    {
      schema: {
        operationId: 'getExchangeKeys',
        tags: ['exchange'],
        summary: "this desk's public exchange keys (JWKS)",
        security: [],
        answers: { status: 200, description: 'the JWK Set', body: Jwks, errors: [429] },
      },
    },
    async () => keys.jwks,
  );

  app.post(
    '/exchange/inbox',
    {
      schema: {
        operationId: 'deliverMessage',
        tags: ['exchange'],
        summary: "another State's desk delivers a signed message; answers with a signed receipt",
        security: [],
        answers: {
          status: 200,
          description: 'the signed receipt',
          body: Receipt,
          errors: [
            [400, 'invalid: not a JWS, or a payload naming `payload.<field>`'],
            [401, 'bad-signature: no key of the sender in the directory verifies it'],
            [404, 'unknown-conversation: no case here is the conversation'],
            [409, 'wrong-addressee, or not-in-conversation'],
            413,
            [415, 'unsupported-media-type: send application/jose, application/json or text/plain'],
            429,
            503,
          ],
        },
      },
    },
    async (request, reply) => {
      const compact = compactOf(request.body);
      if (!compact)
        return invalid(reply, [{ path: '', message: 'a JWS, compact or flattened JSON serialization' }]);
      const claimed = Message.safeParse(unverifiedPayload(compact));
      if (!claimed.success) return invalid(reply, issuesOf(claimed.error.issues, ['payload']));
      const { from } = claimed.data;
      const jwks = (await runtime.directory()).states[from]?.exchange?.jwks;
      if (!jwks) return badSignature(reply, `the directory holds no exchange keys for ${from}`);
      if ((await verified(compact, jwks)) === undefined)
        return badSignature(reply, `the message is not signed by a key ${from} publishes`);
      const message = claimed.data;
      if (message.to !== runtime.homeState) {
        return reply.code(409).send({
          error: 'wrong-addressee',
          message: `this desk is ${runtime.homeState}'s; the message is addressed to ${message.to}`,
        });
      }
      const skew = differenceInMinutes(new Date(message.sentAt), clock.now());
      if (skew > FUTURE_MINUTES || skew < -PAST_MINUTES)
        return invalid(reply, [
          { path: 'payload.sentAt', message: `outside the window the desk accepts (${message.sentAt})` },
        ]);
      const body = bodyOf(message.kind, message.body);
      if (!body.success) return invalid(reply, issuesOf(body.error.issues, ['payload', 'body']));
      const received = await runtime.receiveMessage(
        {
          ref: { id: message.id, from, kind: message.kind, sha256: sha256(compact) },
          conversation: message.conversation,
          body: body.data as Record<string, unknown>,
        },
        (receipt) => signReceipt(receipt, keys),
      );
      switch (received.status) {
        case 'recorded':
        case 'duplicate': {
          const { messageId, sha256: hash, receivedAt, jws } = received.receipt;
          return { messageId, sha256: hash, receivedAt, receipt: jws };
        }
        case 'cannot-open':
          return invalid(
            reply,
            received.missing.map((f) => ({
              path: `payload.body.${f}`,
              message: 'a request that opens a case names the vessel and its position',
            })),
          );
        case 'unknown-conversation':
          return reply.code(404).send({
            error: 'unknown-conversation',
            message: `no case here is the conversation ${message.conversation}`,
          });
        case 'not-in-conversation':
          return reply.code(409).send({
            error: 'not-in-conversation',
            message: `the case of conversation ${message.conversation} did not write to ${from}`,
          });
      }
    },
  );
};
