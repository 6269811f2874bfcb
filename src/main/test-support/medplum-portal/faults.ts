import { seededRandom } from '../../../demo-clinic/random';

/**
 * What the portal does with one request:
 * - `none`: answers normally;
 * - `unavailable`: 503 with Retry-After, before the router sees the request (nothing is written);
 * - `drop-after-commit`: the router handles the request, then the socket is destroyed unanswered,
 *   so the client sees a network error although a write landed: the case an outbox must survive;
 * - `slow`: the router handles the request at once, the answer is held back `slowMs`.
 */
export type FaultKind = 'none' | 'unavailable' | 'drop-after-commit' | 'slow';

/** What a fault decision may look at: the request as it arrived, body parsed. */
export interface FaultRequest {
  method: string;
  /** Relative to the base URL, with the query, e.g. `Task/1` or `Task?_count=5` ('' for the base). */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: unknown;
}

export interface FaultPlan {
  seed: number;
  /** Shares of matching requests, each in [0, 1], together at most 1. */
  drop?: number;
  unavailable?: number;
  slow?: number;
  /** Delay of a `slow` answer (default 50). */
  slowMs?: number;
  /** Sent with 503 (default 0, so clients retrying in tests do not wait). */
  retryAfterSeconds?: number;
  /** Only these methods draw faults, e.g. the writes; others are always answered. */
  onlyMethods?: readonly string[];
  /**
   * Most drawn faults in a row (default 3): a client that retries more often than this always gets
   * through, so a test's outcome depends on the client's logic, not on an unlucky seed.
   */
  maxInARow?: number;
  /** Most drawn faults over the server's life (default unbounded). */
  maxFaults?: number;
}

export interface Fault {
  kind: FaultKind;
  /** For `slow`. */
  delayMs: number;
  retryAfterSeconds: number;
  /** Set by `next()`, not drawn. */
  forced: boolean;
}

export interface ForcedFault {
  kind: Exclude<FaultKind, 'none'>;
  /** Which request takes it (default: the next one of any kind). */
  match?: (request: FaultRequest) => boolean;
  slowMs?: number;
}

const NONE: Fault = { kind: 'none', delayMs: 0, retryAfterSeconds: 0, forced: false };

/**
 * Seeded fault decisions: one PRNG draw per request that `onlyMethods` lets through, so one seed and
 * one request sequence always give the same faults. Forced faults (`next`) come first, take no draw
 * and ignore the bounds: a test that asks to lose one particular answer loses exactly that one.
 */
export class FaultInjector {
  private readonly random: () => number;
  private readonly forced: ForcedFault[] = [];
  private inARow = 0;
  /** Faults served so far, forced ones included, by kind. */
  readonly served: Record<Exclude<FaultKind, 'none'>, number> = {
    unavailable: 0,
    'drop-after-commit': 0,
    slow: 0,
  };
  private drawn = 0;

  private readonly plan: FaultPlan | undefined;

  constructor(plan?: FaultPlan) {
    this.plan = plan;
    const rates = [plan?.drop ?? 0, plan?.unavailable ?? 0, plan?.slow ?? 0];
    if (rates.some((r) => r < 0 || r > 1) || rates.reduce((a, b) => a + b, 0) > 1) {
      throw new RangeError('fault rates must each be in [0, 1] and add up to at most 1');
    }
    const generator = seededRandom(plan?.seed ?? 1);
    this.random = () => generator.next();
  }

  /** Queue a fault for the first later request that `match` accepts. */
  next(fault: ForcedFault): void {
    this.forced.push(fault);
  }

  /** Forced faults not yet taken. */
  get pending(): number {
    return this.forced.length;
  }

  /** While paused, no fault is drawn (forced ones still apply): a test sets the scene first. */
  paused = false;

  decide(request: FaultRequest): Fault {
    const at = this.forced.findIndex((f) => f.match === undefined || f.match(request));
    if (at >= 0) {
      const [forced] = this.forced.splice(at, 1);
      return this.serve({
        ...NONE,
        kind: forced!.kind,
        delayMs: forced!.slowMs ?? this.plan?.slowMs ?? 50,
        retryAfterSeconds: this.plan?.retryAfterSeconds ?? 0,
        forced: true,
      });
    }
    const plan = this.plan;
    if (plan === undefined || this.paused) return NONE;
    if (plan.onlyMethods !== undefined && !plan.onlyMethods.includes(request.method.toUpperCase())) return NONE;
    const roll = this.random();
    const kind = this.kindFor(roll, plan);
    const bounded = this.inARow >= (plan.maxInARow ?? 3) || this.drawn >= (plan.maxFaults ?? Infinity);
    if (kind === 'none' || bounded) {
      this.inARow = 0;
      return NONE;
    }
    this.inARow++;
    this.drawn++;
    return this.serve({
      kind,
      delayMs: plan.slowMs ?? 50,
      retryAfterSeconds: plan.retryAfterSeconds ?? 0,
      forced: false,
    });
  }

  private kindFor(roll: number, plan: FaultPlan): FaultKind {
    let edge = plan.drop ?? 0;
    if (roll < edge) return 'drop-after-commit';
    edge += plan.unavailable ?? 0;
    if (roll < edge) return 'unavailable';
    edge += plan.slow ?? 0;
    return roll < edge ? 'slow' : 'none';
  }

  private serve(fault: Fault): Fault {
    if (fault.kind !== 'none') this.served[fault.kind]++;
    return fault;
  }
}
