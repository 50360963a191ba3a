/**
 * One handler table per receiving context. The router validates the message
 * and its sender, runs the handler, and answers `{ok:false, kind, error}` for any
 * failure, so errors cross contexts as values and nothing is dropped silently.
 */
import { failure, failureFrom } from './errors';
import { type BodyOf, type MessageName, type Receiver, type RequestOf, receiverOf } from './protocol';
import { requestSchemas } from './schemas';

export interface SenderInfo {
  id?: string;
  url?: string;
  /** The sending frame's origin (Chrome 80+). */
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
  /** Chrome 106+: 'active', or 'prerender' / 'cached' (back/forward cache) / 'pending_deletion'; Firefox sends none. */
  documentLifecycle?: string;
}

export type Handler<K extends MessageName> = (request: RequestOf<K>, sender: SenderInfo) => Promise<BodyOf<K>> | BodyOf<K>;
export type HandlerTable<K extends MessageName> = { [P in K]: Handler<P> };

/** Who may send a message: our own extension pages, or our own content scripts (which have a tab). */
export type SenderPolicy = (name: MessageName, sender: SenderInfo) => string | null;

export interface RouterOptions<K extends MessageName> {
  receiver: Receiver;
  handlers: HandlerTable<K>;
  extensionId: string;
  senderPolicy: SenderPolicy;
}

export type Responder = (response: unknown) => void;

/**
 * Returns a chrome.runtime.onMessage listener. Messages for other receivers
 * are left to them (returns false without answering); everything addressed
 * to this receiver gets exactly one answer.
 */
export function createRouter<K extends MessageName>(opts: RouterOptions<K>) {
  return (message: unknown, sender: SenderInfo, respond: Responder): boolean => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') {
      if (opts.receiver !== 'background') return false;
      respond(failure('invalid', 'message: expected an object with a string "type"'));
      return false;
    }
    if (receiverOf(type) !== opts.receiver) return false;
    void dispatch(opts, type, message, sender).then(respond);
    return true; // keeps the channel open for the async answer
  };
}

export async function dispatch<K extends MessageName>(
  opts: RouterOptions<K>,
  type: string,
  message: unknown,
  sender: SenderInfo,
): Promise<unknown> {
  if (sender.id !== opts.extensionId) return failure('invalid', 'sender: expected this extension');
  // Own properties only: "toString" or "__proto__" must not reach Object.prototype.
  const table = opts.handlers as unknown as Record<string, Handler<MessageName> | undefined>;
  const handler = Object.hasOwn(table, type) ? table[type] : undefined;
  if (!handler) return failure('invalid', `type: unknown message "${type}" for the ${opts.receiver}`);
  const name = type as MessageName;
  const refused = opts.senderPolicy(name, sender);
  if (refused) return failure('invalid', `sender: ${refused}`);
  let request: RequestOf<MessageName>;
  try {
    request = { type: name, ...(requestSchemas[name](message, name) as object) } as RequestOf<MessageName>;
  } catch (e) {
    return failureFrom(e, 'invalid');
  }
  try {
    const body = await handler(request, sender);
    return { ok: true, ...(body as object) };
  } catch (e) {
    return failureFrom(e, 'engine');
  }
}
