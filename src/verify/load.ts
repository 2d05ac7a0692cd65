/**
 * Loading what `iotassure verify` runs against: a targets file (the verification spec at top level) or a system
 * model with a `verification:` section. Both get the model loader's diagnostics (file:line:column, did-you-mean),
 * and target elements are checked against the model when there is one; a target without a `deviceClass` then takes
 * the one its element's kind implies (camera → camera, gateway → router, controller and hmi → industrial).
 */
import { z } from 'zod';
import { readSourceFile, type SourceDocument } from '../input/source.js';
import { sortDiagnostics, validateDocument } from '../input/validate.js';
import { loadModelFile } from '../model/load.js';
import type { SystemModel } from '../model/types.js';
import type { DeviceClass } from '../model/verification.js';
import { VerificationSpec } from '../model/verification.js';
import type { ElementKind } from '../model/vocabulary.js';
import { type Diagnostic, formatPath, InputError, inputError } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';

export interface LoadedSpec {
  spec: VerificationSpec;
  /** the file the spec came from, for positions of later problems */
  doc: SourceDocument;
  /** where the spec sits in the document: [] for a targets file, ['verification'] in a model */
  prefix: string[];
  model?: SystemModel;
}

const ModelWithVerification = z.looseObject({ verification: VerificationSpec.optional() });

export function loadVerification(file: string, modelFile?: string): LoadedSpec {
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
  return { spec, doc, prefix, model };
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
