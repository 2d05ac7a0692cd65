/**
 * Loading what `iotassure verify` runs against: a targets file (the verification spec at top level) or a system
 * model with a `verification:` section. Both get the model loader's diagnostics (file:line:column, did-you-mean),
 * and target elements are checked against the model when there is one; a target without a `deviceClass` then takes
 * the one its element's kind implies (camera → camera, gateway → router, controller and hmi → industrial). The files
 * the spec names (SBOM, OSV database, PEM anchors and keys) must be inside the file's folder or an --allow-path
 * folder; PEM files are read here, once, so the checks only ever see their contents.
 */
import { z } from 'zod';
import { type ProjectFolders, projectFolders, readInput, resolveNamedPath } from '../input/read.js';
import { readSourceFile, type SourceDocument } from '../input/source.js';
import { sortDiagnostics, validateDocument } from '../input/validate.js';
import { loadModelFile } from '../model/load.js';
import type { SystemModel } from '../model/types.js';
import type { DeviceClass } from '../model/verification.js';
import { VerificationSpec } from '../model/verification.js';
import type { ElementKind } from '../model/vocabulary.js';
import { type Diagnostic, formatPath, InputError, inputError } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import { MAX_PEM_BYTES } from './tls/cert.js';

export interface LoadedSpec {
  spec: VerificationSpec;
  /** the file the spec came from, for positions of later problems */
  doc: SourceDocument;
  /** where the spec sits in the document: [] for a targets file, ['verification'] in a model */
  prefix: string[];
  model?: SystemModel;
}

const ModelWithVerification = z.looseObject({ verification: VerificationSpec.optional() });

export function loadVerification(file: string, modelFile?: string, allowPaths: readonly string[] = []): LoadedSpec {
  const doc = readSourceFile(file);
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw inputError(
      file,
      'expected a targets file (with `targets:`) or a system model with a `verification:` section',
      {
        position: doc.locate([]),
      },
    );
  }
  const isModel = 'elements' in value || 'system' in value;
  let spec: VerificationSpec;
  let prefix: string[];
  let model: SystemModel | undefined;
  if (isModel) {
    if (modelFile !== undefined) {
      throw inputError(file, 'this is a system model; --model is only for separate targets files', {
        hint: `run \`iotassure verify ${file}\` without --model`,
      });
    }
    model = loadModelFile(file);
    const verification = validateDocument(doc, ModelWithVerification).verification;
    if (!verification) {
      throw inputError(file, 'the model has no `verification:` section', {
        hint: 'add one (see `iotassure docs verification`), or pass a targets file and name the model with --model',
      });
    }
    spec = verification;
    prefix = ['verification'];
  } else {
    spec = validateDocument(doc, VerificationSpec);
    prefix = [];
    if (modelFile !== undefined) model = loadModelFile(modelFile);
  }
  if (model) {
    checkElements(doc, prefix, spec, model);
    spec = withDeviceClasses(spec, model);
  }
  return { spec: withNamedFiles(doc, prefix, spec, projectFolders(file, allowPaths)), doc, prefix, model };
}

/** Checks that the files the spec names are in the project folders, and puts PEM files' contents in their place. */
function withNamedFiles(doc: SourceDocument, prefix: string[], spec: VerificationSpec, folders: ProjectFolders) {
  const named = (value: string, path: (string | number)[]) =>
    resolveNamedPath(value, folders, {
      file: doc.file,
      position: doc.locate([...prefix, ...path]),
      path: formatPath([...prefix, ...path]),
    });
  const pem = (value: string | undefined, path: (string | number)[]) =>
    value === undefined || value.includes('-----BEGIN')
      ? value
      : readInput(named(value, path), MAX_PEM_BYTES, 'PEM file').toString('utf8');
  if (spec.sbom !== undefined) named(spec.sbom, ['sbom']);
  if (spec.osv !== undefined) named(spec.osv, ['osv']);
  return {
    ...spec,
    targets: spec.targets.map((target, i) => ({
      ...target,
      services: target.services.map((service, j) =>
        service.tls?.anchor === undefined
          ? service
          : {
              ...service,
              tls: { ...service.tls, anchor: pem(service.tls.anchor, ['targets', i, 'services', j, 'tls', 'anchor']) },
            },
      ),
      ...(target.update && {
        update: { ...target.update, publicKey: pem(target.update.publicKey, ['targets', i, 'update', 'publicKey']) },
      }),
    })),
  };
}

const CLASS_OF_KIND: Partial<Record<ElementKind, DeviceClass>> = {
  camera: 'camera',
  gateway: 'router',
  controller: 'industrial',
  hmi: 'industrial',
};

/** The spec with each target's device class taken from its element's kind, where the target names none. */
export function withDeviceClasses(spec: VerificationSpec, model: SystemModel): VerificationSpec {
  const kinds = new Map(model.elements.map((e) => [e.id, e.kind]));
  return {
    ...spec,
    targets: spec.targets.map((target) => {
      const kind = target.element === undefined ? undefined : kinds.get(target.element);
      const deviceClass = kind && CLASS_OF_KIND[kind];
      return target.deviceClass || !deviceClass ? target : { ...target, deviceClass };
    }),
  };
}

function checkElements(doc: SourceDocument, prefix: string[], spec: VerificationSpec, model: SystemModel): void {
  const ids = model.elements.map((e) => e.id);
  const diagnostics: Diagnostic[] = [];
  spec.targets.forEach((target, i) => {
    if (target.element === undefined || ids.includes(target.element)) return;
    const path = [...prefix, 'targets', i, 'element'];
    diagnostics.push({
      severity: 'error',
      file: doc.file,
      position: doc.locate(path),
      path: formatPath(path),
      message: `unknown element "${target.element}" in model ${model.file}`,
      hint:
        didYouMean(target.element, ids) ??
        `the model's elements are: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ', …' : ''}`,
    });
  });
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics));
}
