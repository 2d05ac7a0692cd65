import type { Truth } from '../model/condition.js';
import type { SystemGraph } from '../model/graph.js';
import type { ModelDataAsset, ModelElement } from '../model/types.js';
import type { PersonalDataCategory, Sensing } from '../model/vocabulary.js';
import { getOrCreate } from '../util/maps.js';
import { ask } from './decide.js';
import type { RiskRule, RuleFinding } from './rule.js';

/** Personal data that describes what people do: usage, presence patterns, energy use. */
const BEHAVIOURAL: ReadonlySet<PersonalDataCategory> = new Set(['behavioural', 'energy-use']);
/**
 * Sensing whose readings show that people are there. Motion and energy only where people live or work: a vibration
 * sensor on a pump or a plant's meter says nothing about anyone.
 */
const PRESENCE: ReadonlySet<Sensing> = new Set(['presence']);
const AT_HOME: ReadonlySet<Sensing> = new Set(['motion', 'energy']);

/** Whether the device's readings show that people are there: unknown for motion or energy where it stands is open. */
function revealsPresence(device: ModelElement): Truth {
  if (device.sensing.some((s) => PRESENCE.has(s))) return true;
  if (!device.sensing.some((s) => AT_HOME.has(s))) return false;
  return device.physicalExposure === undefined ? 'unknown' : device.physicalExposure === 'customer-premises';
}

/**
 * The devices whose readings the data asset carries (it flows out of them as data, not as the device's own telemetry
 * or configuration), by what they show.
 */
function observers(graph: SystemGraph, data: ModelDataAsset): Map<Truth, string[]> {
  const out = new Map<Truth, Set<string>>();
  for (const f of graph.carriersOf(data)) {
    const from = graph.element(f.from);
    if (!graph.isDevice(from) || (f.purpose ?? 'data') !== 'data') continue;
    getOrCreate(out, revealsPresence(from), () => new Set()).add(from.id);
  }
  return new Map([...out].map(([shows, ids]) => [shows, [...ids]]));
}

/**
 * Event logs and sensor data from which presence, occupancy or routines can be read: when people are home, asleep or
 * away, even where the data was never meant to be about people (LINDDUN detecting and identifying).
 */
export const presenceInference: RiskRule = {
  meta: {
    id: 'presence-inference',
    title: 'Presence or routines can be inferred from sensor data',
    description:
      'Motion events, door and presence logs or energy use kept or sent over time show when people are home, asleep or away and what their routines are; whoever reads them learns when a home is empty or who did what, though no one collected "personal data" as such.',
    riskSource: 'priv-inference',
    linddun: ['detecting', 'identifying', 'linking'],
    likelihood: 3,
    impact: 3,
    // Collecting less, coarser data and aggregating it early remove what can be inferred; pseudonyms and an
    // assessment limit the rest.
    mitigations: ['personal-data-minimisation', 'early-aggregation'],
    supporting: ['anonymisation-and-pseudonymisation', 'privacy-impact-assessment'],
    references: ['iso-iec-29100:5.5'],
    asks: ['physicalExposure'],
  },
  check(graph) {
    const unplaced = new Set<string>();
    const findings = graph.model.dataAssets.flatMap((data): RuleFinding[] => {
      if (data.anonymised === true) return [];
      const carriers = graph.carriersOf(data);
      if (data.storedIn.length === 0 && carriers.length === 0) return [];
      const categories = (data.personalData?.categories ?? []).filter((c) => BEHAVIOURAL.has(c));
      const seen = observers(graph, data);
      const from = seen.get(true) ?? [];
      // Data described as personal is judged by what it is (recordings by their own rules), unless it describes
      // behaviour; only data never meant to be about people is judged by the sensors it comes from.
      const revealing = categories.length > 0 || (data.personalData === undefined && from.length > 0);
      if (!revealing) {
        if (data.personalData !== undefined) return [];
        for (const id of seen.get('unknown') ?? []) unplaced.add(id);
        return [];
      }
      const outside = carriers.filter((f) => graph.isThirdParty(graph.element(f.to)));
      const aggregated = data.aggregatedOnly === true;
      const source =
        categories.length > 0
          ? `${categories.join(' and ')} data`
          : `readings of ${from.map((id) => graph.element(id).name).join(', ')}`;
      return [
        {
          subject: data.id,
          related: [...from, ...outside.map((f) => f.to)],
          message: `${data.name} (${source}) is ${data.storedIn.length > 0 ? 'kept' : 'sent'}${outside.length > 0 ? ' and reaches a third party' : ''}; when people are there, away or asleep can be read from it.`,
          likelihood: aggregated ? 2 : undefined,
          impact: outside.length > 0 ? 4 : undefined,
          adjustment:
            [
              ...(aggregated ? ['it is used only in aggregated form'] : []),
              ...(outside.length > 0 ? ['it reaches a third party'] : []),
            ].join('; ') || undefined,
        },
      ];
    });
    const questions = [...unplaced].map((id) =>
      ask(
        id,
        ['physicalExposure'],
        `${graph.element(id).name} senses motion or energy use; whether it is where people live or work is not stated.`,
      ),
    );
    return [...findings, ...questions];
  },
};
