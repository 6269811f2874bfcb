// First: before any schema parses.
import './zod-csp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionGate } from '../session/session-gate';
import './styles.css';
import '../triage/triage.css';
import '../inbox/patient-lookup.css';
import '../renewals/renewals.css';
import '../results/results.css';
import '../results/results-list.css';
import '../session/session.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SessionGate />
  </StrictMode>,
);
