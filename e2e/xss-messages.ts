import type { AllergyIntolerance, Communication, Condition, Patient, Resource, Task } from '@medplum/fhirtypes';
import type { FhirStore } from '../src/simulator/store/fhir-store';
import { XSS_FAMILIES } from './xss-corpus';
import type { XssPayload } from './xss-corpus';

/**
 * Hostile patient messages for the embedded portal, shaped like the live mode's (a thread header,
 * the patient's message, and a respond-to-message Task in a pool: src/demo-clinic/live.ts),
 * with a new patient of their own so the name, allergy and problem can be hostile too.
 */

/** Where on the desk each payload of a thread shows. */
export interface HostileThread {
  taskId: string;
  patientId: string;
  /** Patient.name.text: the list's patient column and the chart's heading. */
  patientName: XssPayload;
  /** Task.description (the item's subject) and the thread's topic. */
  subject: XssPayload;
  /** Task.note: the staff note under the heading. */
  note: XssPayload;
  /** The message's sender.display: who the thread says wrote it. */
  sender: XssPayload;
  /** AllergyIntolerance.code.text, in the chart beside the thread. */
  allergy: XssPayload;
  /** Condition.code.text, the chart's problem list. */
  problem: XssPayload;
  /** One payload per Communication.payload entry of the patient's message. */
  body: XssPayload[];
}

/** A word of the first body entry, so a search finds exactly the hostile threads. */
export const HOSTILE_SEARCH_WORD = 'xsscorpus';

/** Short enough for a heading or a name; the long ones go in message bodies. */
const SHORT = 200;
const SINGLE_SLOTS = ['patientName', 'subject', 'note', 'sender', 'allergy', 'problem'] as const;

/** Spreads the corpus over `threads` threads: each family reaches the single slots, every payload lands once. */
export function planHostileThreads(corpus: readonly XssPayload[], threads: number): HostileThread[] {
  // Family by family in turn, so headings and names get every kind of payload, not only the first families.
  const byFamily = XSS_FAMILIES.map((f) => corpus.filter((p) => p.family === f));
  const interleaved: XssPayload[] = [];
  for (let i = 0; byFamily.some((list) => i < list.length); i++) {
    for (const list of byFamily) if (i < list.length) interleaved.push(list[i]!);
  }
  const short = interleaved.filter((p) => p.text.length <= SHORT && !p.text.includes('\n'));
  const singles = short.slice(0, threads * SINGLE_SLOTS.length);
  if (singles.length < threads * SINGLE_SLOTS.length) throw new Error('not enough short payloads for the threads');
  const chosen = new Set(singles);
  const rest = interleaved.filter((p) => !chosen.has(p));
  return Array.from({ length: threads }, (_, t) => {
    const n = String(t + 1).padStart(2, '0');
    const single = (slot: number) => singles[t * SINGLE_SLOTS.length + slot]!;
    return {
      taskId: `task-xss-${n}`,
      patientId: `pat-xss-${n}`,
      patientName: single(0),
      subject: single(1),
      note: single(2),
      sender: single(3),
      allergy: single(4),
      problem: single(5),
      // Short ones first, so the top of a message reads like one; the walls of markup follow.
      body: rest.filter((_, i) => i % threads === t).sort((a, b) => a.text.length - b.text.length),
    };
  });
}

/** Every payload a thread carries. */
export const payloadsOf = (thread: HostileThread): XssPayload[] => [
  ...SINGLE_SLOTS.map((slot) => thread[slot]),
  ...thread.body,
];

export interface Pool {
  id: string;
  name: string;
}

const HOUR = 3_600_000;

/** One thread's resources, as the portal would hold them after the patient wrote at `at`. */
export function hostileThreadResources(thread: HostileThread, pool: Pool, at: Date): Resource[] {
  const when = at.toISOString();
  const patientRef = { reference: `Patient/${thread.patientId}`, display: thread.patientName.text };
  const senderRef = { reference: `Patient/${thread.patientId}`, display: thread.sender.text };
  const poolRef = { reference: `CareTeam/${pool.id}`, display: pool.name };
  const headerId = `thread-${thread.taskId}`;
  const topic = { text: thread.subject.text };
  const patient: Patient = {
    resourceType: 'Patient',
    id: thread.patientId,
    name: [{ use: 'official', text: thread.patientName.text }],
    gender: 'unknown',
    birthDate: '1990-01-01',
  };
  const allergy: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    id: `allergy-${thread.patientId}`,
    patient: { reference: `Patient/${thread.patientId}` },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }],
    },
    code: { text: thread.allergy.text },
  };
  const problem: Condition = {
    resourceType: 'Condition',
    id: `problem-${thread.patientId}`,
    subject: { reference: `Patient/${thread.patientId}` },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] },
    ],
    code: { text: thread.problem.text },
  };
  const header: Communication = {
    resourceType: 'Communication',
    id: headerId,
    status: 'in-progress',
    category: [{ text: 'Medical question' }],
    subject: patientRef,
    topic,
    sender: senderRef,
    recipient: [poolRef],
  };
  const message: Communication = {
    resourceType: 'Communication',
    id: `msg-${thread.taskId}-1`,
    status: 'completed',
    category: [{ text: 'Medical question' }],
    partOf: [{ reference: `Communication/${headerId}` }],
    subject: patientRef,
    topic,
    sender: senderRef,
    recipient: [poolRef],
    sent: new Date(at.getTime() - 60_000).toISOString(),
    received: when,
    payload: [
      { contentString: `Test message ${thread.taskId} (${HOSTILE_SEARCH_WORD})` },
      ...thread.body.map((p) => ({ contentString: p.text })),
    ],
  };
  const task: Task = {
    resourceType: 'Task',
    id: thread.taskId,
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: {
      coding: [
        {
          system: 'http://triage-desk.local/fhir/CodeSystem/work-type',
          code: 'respond-to-message',
          display: 'Message',
        },
      ],
    },
    description: thread.subject.text,
    note: [{ text: thread.note.text }],
    focus: { reference: `Communication/${headerId}` },
    for: patientRef,
    authoredOn: when,
    lastModified: when,
    requester: patientRef,
    owner: poolRef,
    extension: [{ url: 'http://triage-desk.local/fhir/StructureDefinition/task-pool', valueReference: poolRef }],
    restriction: { period: { end: new Date(at.getTime() + 72 * HOUR).toISOString() } },
  };
  return [patient, allergy, problem, header, message, task];
}

/** Writes the threads through the store's own write path (versions, lastUpdated, rules), as live mode does. */
export function writeHostileThreads(store: FhirStore, threads: readonly HostileThread[], pool: Pool, at: Date): void {
  store.transaction(() => {
    for (const thread of threads) {
      for (const resource of hostileThreadResources(thread, pool, at)) store.create(resource, { id: resource.id! });
    }
  });
}
