import type { Communication, Task } from '@medplum/fhirtypes';
import type { GeneratedClinic } from '../../../demo-clinic/generate';
import type { WorkTruth } from '../../../demo-clinic/work-kinds';
import type { TriageMessage } from '../classify';

export interface LabelledMessage {
  taskId: string;
  message: TriageMessage;
  truth: WorkTruth;
  /** The pool the generator filed it in. */
  poolName: string;
}

/**
 * Every patient-written work item of a generated clinic with its ground truth: a thread's first
 * message (subject and body as the patient sent them), or a renewal form's subject and comment.
 * Lab results awaiting release are not messages and are left out.
 */
export function demoMessages(clinic: GeneratedClinic): LabelledMessage[] {
  const communications = new Map<string, Communication>();
  const tasks: Task[] = [];
  for (const r of clinic.resources) {
    if (r.resourceType === 'Communication' && r.id !== undefined) communications.set(r.id, r);
    else if (r.resourceType === 'Task') tasks.push(r);
  }
  const out: LabelledMessage[] = [];
  for (const task of tasks) {
    const id = task.id ?? '';
    const truth = clinic.truth.get(id);
    if (truth === undefined || truth.kind === 'result-release') continue;
    const poolName = task.extension?.[0]?.valueReference?.display ?? '';
    if (truth.kind === 'renewal-request') {
      out.push({
        taskId: id,
        truth,
        poolName,
        message: { subject: task.description ?? '', body: task.note?.[0]?.text ?? '' },
      });
      continue;
    }
    const first = communications.get(`msg-${id}-1`);
    const body = first?.payload?.[0]?.contentString;
    if (first === undefined || body === undefined) throw new Error(`no first message for ${id}`);
    out.push({ taskId: id, truth, poolName, message: { subject: first.topic?.text ?? '', body } });
  }
  return out;
}
