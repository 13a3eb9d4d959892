import type { IncomingMessage } from 'node:http';
import { ClsModule, ClsService, type ClsStore } from 'nestjs-cls';
import { REQUEST_ID_HEADER } from './logging';

/** What every audit entry and log line of a request can know without passing it around. */
export interface RequestContext extends ClsStore {
  requestId?: string;
  ip?: string;
  actorId?: string;
}

export type RequestContextService = ClsService<RequestContext>;

function clientAddress(request: IncomingMessage): string | undefined {
  // The API runs behind one trusted proxy at most (trustProxy): its first hop is the client.
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || request.socket.remoteAddress || undefined;
}

/** Request-scoped context for HTTP apps (async local storage, set up before guards run). */
export const RequestContextModule = ClsModule.forRoot({
  global: true,
  middleware: {
    mount: true,
    setup: (cls: ClsService<RequestContext>, request: IncomingMessage) => {
      const id = request.headers[REQUEST_ID_HEADER];
      cls.set('requestId', typeof id === 'string' ? id : undefined);
      cls.set('ip', clientAddress(request));
    },
  },
});

/** Worker apps have no requests; the same service answers with empty context there. */
export const JobContextModule = ClsModule.forRoot({ global: true });
