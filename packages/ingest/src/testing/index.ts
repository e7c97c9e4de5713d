import type { Template } from '@kho/schema/testing';
import { AREA_FILES } from '../reference/areas';
import { demoFiles } from '../reference/demo';
import { REFERENCE_DIR } from '../reference/files';
import { seedReferenceData } from '../reference/seed';

const files = (names: string[]) => names.map((n) => `${REFERENCE_DIR}/${n}`);

/** Test databases with the bundled areas and publishers (no datasets). */
export const referenceTemplate: Template = {
  name: 'reference',
  inputs: files([...AREA_FILES, 'publishers.csv']),
  seed: async (database) => {
    await seedReferenceData(database, { demo: false });
  },
};

/** Test databases as `pnpm start` leaves them: reference data and the demo datasets. */
export const demoTemplate: Template = {
  name: 'demo',
  inputs: files([...AREA_FILES, 'publishers.csv', ...demoFiles()]),
  seed: async (database) => {
    await seedReferenceData(database, { demo: true });
  },
};
