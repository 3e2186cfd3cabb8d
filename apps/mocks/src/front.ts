import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { Duplex } from "node:stream";
import type { OperationDescriptor } from "@contracts/runtime/internal";
import type { MockedApi } from "./apis.js";
import { ByteBudget } from "./budget.js";
import { disagreementBody, errorBody, exampleBody, type Problem } from "./errors.js";
import { checkBody, isValidBoundary } from "./forms.js";
import { BODY_BUDGET_BYTES, BODY_IDLE_MS, BUDGET_WAIT_MS, bodyLimit, LINGER_MS, PRISM_QUEUE_MS } from "./limits.js";
import { formatMediaType, isReadableAccept, type MediaType, parseMediaType } from "./media-type.js";
import { bodyPending, endAfterDiscarding, readBody } from "./read-body.js";
import { checkRequest } from "./request-check.js";
import { createRouter, displayPath, encodePath, parseTarget } from "./target.js";
import { askUpstream, type UpstreamAnswer, type UpstreamOutcome } from "./upstream.js";

/** Headers that describe one connection, not the request: never forwarded (RFC 9110 §7.6.1), in either direction. */
const HOP_BY_HOP = new Set(
  "connection keep-alive proxy-connection transfer-encoding te trailer upgrade expect host content-length".split(" "),
);

/**
 * The server in front of Prism: it answers like the provider (the spec's 401 body, the API's own error bodies) and
 * lets Prism see only documented paths, parseable headers and bodies within the operation's limit.
 */
export function createFront(api: MockedApi, upstream: () => string | undefined): Server {
  const route = createRouter(api.operations);
  // Shared by every request of this front; see BODY_BUDGET_BYTES.
  const budget = new ByteBudget(BODY_BUDGET_BYTES);
  // Bodies on their way into Prism: at most the largest operation limit at once (see PRISM_QUEUE_MS).
  const prismIntake = new ByteBudget(Math.max(...Object.values(api.operations).map(bodyLimit)));
  // Sockets with a request in progress: a parse error on one of them cannot get its own answer.
  const busy = new WeakSet<Duplex>();

  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    busy.add(req.socket);
    res.once("close", () => busy.delete(req.socket));
    const x = exchange(api, req, res, expectsContinue);
    serve(x).catch((error: Error) => x.refuse(502, undefined, { message: `The mock front failed: ${error.message}` }));
  };

  async function serve(x: Exchange): Promise<void> {
    const { req } = x;
    const parsed = parseTarget(req.url ?? "/");
    if (!parsed.ok) return x.refuse(400, undefined, parsed.problem);
    const { target } = parsed;
    const { op, known, params = {} } = route(req.method ?? "GET", target);
    if (!known) return x.refuse(404, undefined, { message: `This API has no operation at ${displayPath(target)}.` });
    // the token is checked before anything reads the body, so an unauthenticated upload costs nothing.
    if (op?.secured && req.headers.authorization !== `Bearer ${api.token}`) {
      const documented = exampleBody(api, op, "401");
      return x.send(401, documented ?? errorBody(api, op, 401, { message: "Missing or invalid access token." }));
    }
    const media = readMediaType(req.headers["content-type"]);
    if (media && "message" in media) return x.refuse(400, op, media);
    const accept = req.headers.accept;
    if (accept !== undefined && !isReadableAccept(accept)) {
      return x.refuse(400, op, {
        message: `The Accept header is not a list of media types: ${JSON.stringify(accept)}.`,
      });
    }
    const limit = bodyLimit(op);
    if (Number(req.headers["content-length"] ?? 0) > limit) return x.refuse(413, op, tooLarge(op, limit));
    const prismDown = () => x.refuse(503, op, { message: PRISM_DOWN }, { "retry-after": "2" });
    const busyNow = () => x.refuse(503, op, BUSY, { "retry-after": "1" });
    if (!upstream()) return prismDown();

    const declared = req.headers["content-length"];
    const wanted = declared !== undefined ? Number(declared) : req.headers["transfer-encoding"] ? limit : 0;
    const release = await budget.reserve(wanted, BUDGET_WAIT_MS);
    if (!release) return busyNow();
    try {
      x.acceptBody();
      const outcome = await readBody(req, limit, BODY_IDLE_MS);
      if (outcome === "aborted") return void x.res.destroy();
      if (outcome === "too-large") return x.refuse(413, op, tooLarge(op, limit));
      if (outcome === "idle") {
        return x.refuse(408, op, {
          message: `The body stalled for ${BODY_IDLE_MS / 1000} s; the mock stopped waiting.`,
        });
      }
      // only a documented operation with a request body gets one; Prism reads any body it is sent.
      const body = op?.requestBody ? outcome : undefined;
      const problem = body && checkBody(media, body);
      if (problem) return x.refuse(400, op, problem);
      const endTurn = await prismIntake.reserve(body?.length ?? 0, PRISM_QUEUE_MS);
      if (!endTurn) return busyNow();
      let answer: UpstreamOutcome;
      try {
        // Checked in Prism's turn, so the forms being read into fields at once are bounded as Prism's intake is.
        const refusal = op && (await checkRequest(api, op, params, target.query, media, body));
        if (refusal) return x.refuse(refusal.status, op, refusal.problem);
        // asked again, since Prism may have been restarted (on another port) while the body was read.
        const current = upstream();
        if (!current) return prismDown();
        const path = target.query === "" ? encodePath(target) : `${encodePath(target)}?${target.query}`;
        const headers = withoutHopByHop(req.headers, req.headers.connection);
        if (media) headers["content-type"] = formatMediaType(media);
        answer = await askUpstream(current, { method: req.method ?? "GET", path, headers, body });
      } finally {
        endTurn();
      }
      if (!answer.ok && answer.status === 503) return prismDown();
      if (!answer.ok) return x.refuse(answer.status, op, { message: `Prism failed to answer: ${answer.message}` });
      relay(x, op, answer.answer);
    } finally {
      release();
    }
  }

  /** Answers a request the HTTP parser refused (or that timed out before its headers ended) in the API's shape. */
  function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
    if (busy.has(socket) || !socket.writable || error.code === "ECONNRESET") return void socket.destroy();
    const [status, message] =
      error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "The request headers are too large."]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "The request did not arrive in time."]
          : [400, `The request is not valid HTTP/1.1 (${error.code ?? error.message}).`];
    const body = JSON.stringify(errorBody(api, undefined, status, { message }));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }

  const server = createServer((req, res) => handle(req, res, false));
  // with a listener, Node leaves `Expect: 100-continue` to the front, which refuses before the body is sent.
  server.on("checkContinue", (req, res) => handle(req, res, true));
  server.on("clientError", answerClientError);
  server.headersTimeout = 20_000;
  // A backstop for a body that trickles in just fast enough to dodge the idle timeout.
  server.requestTimeout = 120_000;
  server.maxConnections = 1_000;
  return server;
}

const PRISM_DOWN = "The mock engine (Prism) stopped and is being restarted; try again in a few seconds.";
const BUSY: Problem = { message: "The mock is handling too many request bodies at once; try again in a moment." };

function tooLarge(op: OperationDescriptor | undefined, limit: number): Problem {
  const what = op ? `for ${op.operationId}` : "here";
  const bytes = limit.toLocaleString("en-US");
  return { message: `The request body is larger than ${bytes} bytes, the most the mock accepts ${what}.` };
}

/** The request's media type, checked once: Prism's parsers throw (and Prism exits) on a malformed one. */
function readMediaType(header: string | undefined): MediaType | Problem | undefined {
  if (header === undefined) return undefined;
  const media = parseMediaType(header);
  if (!media) return { message: `The Content-Type header is not a media type: ${JSON.stringify(header)}.` };
  if (media.essence !== "multipart/form-data" || isValidBoundary(media.parameters.get("boundary") ?? "")) return media;
  return { message: "A multipart/form-data body needs a boundary parameter of 1 to 70 characters (RFC 2046)." };
}

/** Headers minus the hop-by-hop ones, and minus those a `Connection` header names. */
function withoutHopByHop(headers: IncomingHttpHeaders, connection = ""): OutgoingHttpHeaders {
  const named = new Set(connection.split(",").map((token) => token.trim().toLowerCase()));
  return Object.fromEntries(
    Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)),
  );
}

/** Prism's answer; a refusal Prism explains in `sl-violations` gets the API's own error body instead of Prism's. */
function relay(x: Exchange, op: OperationDescriptor | undefined, answer: UpstreamAnswer) {
  const refused = op && answer.status >= 400 && answer.status < 500;
  const rewritten = refused && disagreementBody(x.api, op, answer.status, answer.headers["sl-violations"]);
  const body = rewritten ? Buffer.from(JSON.stringify(rewritten)) : answer.body;
  const headers = withoutHopByHop(answer.headers);
  // an answer to HEAD keeps Prism's Content-Length, the length the GET body would have.
  if (x.req.method !== "HEAD") headers["content-length"] = String(body.length);
  else if (answer.headers["content-length"]) headers["content-length"] = answer.headers["content-length"];
  x.res.writeHead(answer.status, headers).end(body);
}

/** One request and its answer, and what the front has promised the client about the body. */
function exchange(api: MockedApi, req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) {
  // whether the client still holds its body back, waiting for `100 Continue`.
  let holdsBody = expectsContinue;
  /** Sends a JSON answer; while a body is still on its way the connection closes after it, in stages. */
  const send = (status: number, body: unknown, headers: OutgoingHttpHeaders = {}) => {
    if (res.headersSent || res.destroyed) return;
    const pending = bodyPending(req);
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
      "access-control-allow-origin": "*",
      ...headers,
      ...(pending ? { connection: "close" } : {}),
    });
    // a client waiting for `100 Continue` sends nothing more, so there is nothing to discard.
    if (!pending || holdsBody) return void res.end(text);
    res.write(text);
    endAfterDiscarding(req, res, LINGER_MS);
  };
  return {
    api,
    req,
    res,
    send,
    /** Answers with the API's own error body for the status. */
    refuse: (status: number, op: OperationDescriptor | undefined, problem: Problem, headers?: OutgoingHttpHeaders) =>
      send(status, errorBody(api, op, status, problem), headers),
    /** Tells a client that sent `Expect: 100-continue` to go ahead with the body. */
    acceptBody: () => {
      if (holdsBody) res.writeContinue();
      holdsBody = false;
    },
  };
}

type Exchange = ReturnType<typeof exchange>;
