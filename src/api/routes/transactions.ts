// Payments from outside (engine.md §5: they enter the sender's Q1 at the current tick and are
// decided on by the next processed tick's policy step) and the payments' real status.

import type { FastifyInstance } from 'fastify';
import { TICK_MAX } from '../../config/scenario-schema.js';
import type { TxStatus } from '../../engine/transaction.js';
import { type ApiContext, idParams } from '../context.js';
import { badRequest, conflict, type ErrorDetail, notFound } from '../errors.js';

interface SubmitBody {
  sender: string;
  receiver: string;
  amount: number;
  deadline_tick: number;
  priority?: number;
  divisible?: boolean;
}

/** Statuses a payment can have between ticks (`pending` lives only inside a tick). */
const STATUSES: readonly TxStatus[] = ['queued_q1', 'queued_q2', 'settled', 'dropped', 'split'];

export const MAX_TX_PAGE = 1000;

export function transactionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { registry } = ctx;

  app.post<{ Params: { id: string }; Body: SubmitBody }>('/simulations/:id/transactions', {
    schema: {
      summary: "submit a payment: it enters the sender's Q1 at the current tick",
      tags: ['transactions'],
      params: idParams,
      body: {
        type: 'object',
        required: ['sender', 'receiver', 'amount', 'deadline_tick'],
        additionalProperties: false,
        properties: {
          sender: { type: 'string', minLength: 1 },
          receiver: { type: 'string', minLength: 1 },
          amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'cents' },
          deadline_tick: { type: 'integer', minimum: 0, maximum: TICK_MAX, description: 'absolute tick, ≥ the current tick' },
          priority: { type: 'integer', minimum: 0, maximum: 10, default: 5 },
          divisible: { type: 'boolean', default: false },
        },
      },
    },
  }, async (request, reply) => {
    const live = registry.get(request.params.id);
    live.ensureRunning();
    const s = live.simulation;
    const body = request.body;
    if (s.done) throw conflict(`the simulation has finished (tick ${s.tick} of ${s.totalTicks}); no tick would process this payment`);
    const details: ErrorDetail[] = [];
    const sender = s.agent(body.sender);
    const receiver = s.agent(body.receiver);
    if (sender === undefined) details.push({ path: 'sender', message: `unknown agent '${body.sender}'` });
    if (receiver === undefined) details.push({ path: 'receiver', message: `unknown agent '${body.receiver}'` });
    if (sender !== undefined && sender === receiver) details.push({ path: 'receiver', message: 'must differ from sender' });
    if (body.deadline_tick < s.tick) {
      details.push({ path: 'deadline_tick', message: `must be ≥ the current tick ${s.tick}` });
    }
    if (details.length > 0 || sender === undefined || receiver === undefined) throw badRequest('the payment is invalid', details);
    const id = s.submitPayment({
      sender,
      receiver,
      amount: body.amount,
      deadlineTick: body.deadline_tick,
      ...(body.priority !== undefined ? { priority: body.priority } : {}),
      ...(body.divisible !== undefined ? { divisible: body.divisible } : {}),
    });
    return reply.status(201).send({ transaction_id: id, arrival_tick: s.tick });
  });

  app.get<{ Params: { id: string; tx: number } }>('/simulations/:id/transactions/:tx', {
    schema: {
      summary: "a payment's status, settled tick and mechanism",
      tags: ['transactions'],
      params: {
        type: 'object',
        required: ['id', 'tx'],
        properties: { id: { type: 'string' }, tx: { type: 'integer', minimum: 0 } },
      },
    },
  }, async (request) => {
    const live = registry.get(request.params.id);
    const record = live.simulation.transaction(request.params.tx);
    if (record === undefined) throw notFound(`no transaction ${request.params.tx} in simulation '${live.id}'`);
    return record;
  });

  app.get<{ Params: { id: string }; Querystring: { status?: TxStatus; agent?: string; limit: number; offset: number } }>(
    '/simulations/:id/transactions',
    {
      schema: {
        summary: 'list payments (filter by status and agent, as sender or receiver)',
        tags: ['transactions'],
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: STATUSES },
            agent: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_TX_PAGE, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
          },
        },
      },
    },
    async (request) => {
      const live = registry.get(request.params.id);
      const { status, agent, limit, offset } = request.query;
      const agentIndex = agent === undefined ? undefined : live.simulation.agent(agent);
      if (agent !== undefined && agentIndex === undefined) {
        throw badRequest(`unknown agent '${agent}'`, [{ path: 'querystring.agent', message: `unknown agent '${agent}'` }]);
      }
      const match = { ...(status !== undefined ? { status } : {}), ...(agentIndex !== undefined ? { agent: agentIndex } : {}) };
      const { total, records } = live.simulation.findTransactions(match, offset, limit);
      return { total, limit, offset, transactions: records };
    },
  );
}
