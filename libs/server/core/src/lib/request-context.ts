import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { Global, Injectable, Module } from '@nestjs/common';

/** What every audit entry and log line of a request can know without passing it around. */
export interface RequestContext {
  readonly requestId: string;
  readonly ip: string | undefined;
  /** The signed-in user, once the auth guard has verified the token. */
  actorId?: string;
}

// Plain async local storage entered by a Fastify hook: a Nest middleware, guard or interceptor would
// put middie and an RxJS interceptor chain on every request (measured in the task-list benchmark).
const storage = new AsyncLocalStorage<RequestContext>();

/** The address of the client: the API runs behind one trusted proxy at most (its first hop). */
export function clientAddress(request: IncomingMessage): string | undefined {
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || request.socket.remoteAddress || undefined;
}

/** Runs the handling of one HTTP request (`next` continues Fastify's hook chain) inside its context. */
export function runInRequestContext(context: RequestContext, next: () => void): void {
  storage.run(context, next);
}

/** The current request's context, for audit entries and log lines; `undefined` outside requests (jobs, start-up). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Injectable face of the request context (outside a request — in jobs — it is simply empty). */
@Injectable()
export class RequestContextService {
  current(): RequestContext | undefined {
    return currentRequestContext();
  }

  /** Records the signed-in user for the rest of the request (audit entries default to them). */
  setActor(userId: string): void {
    const context = currentRequestContext();
    if (!context) throw new Error('setActor outside an HTTP request');
    context.actorId = userId;
  }
}

@Global()
@Module({ providers: [RequestContextService], exports: [RequestContextService] })
export class RequestContextModule {}
