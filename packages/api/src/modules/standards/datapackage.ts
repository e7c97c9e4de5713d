import { type DatasetDetail, datasetIdParam, OBSERVATION_TABLE_SCHEMA } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/errors';
import { auditRead } from '../audit/audit.service';
import { getDataset } from '../catalog/catalog.queries';
import { licenseInfo } from './licenses';

const PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';
/** Formats a Frictionless reader opens as a table with the dataset's Table Schema. */
const TABULAR = new Set(['csv', 'json', 'ndjson', 'xlsx']);
const REMOTE = /^(?:https?|ftps?):\/\//;

/** The package licence: Open Definition ids need a path or a name that fits their pattern. */
function packageLicense(license: string) {
  const info = licenseInfo(license);
  const name = /^[-a-zA-Z0-9._]+$/.test(info.id) ? info.id : 'other';
  return { name, title: info.title, ...(info.url ? { path: info.url } : {}) };
}

/**
 * A Frictionless Data Package (v2) for one dataset: its metadata, and one resource per
 * download format pointing at the download URL, with the data dictionary as Table Schema
 * (the observation schema for an indicator dataset).
 */
export function dataPackage(d: DatasetDetail, base: string) {
  const datasetUrl = `${base}/v1/datasets/${encodeURIComponent(d.id)}`;
  const dictionary = d.tableSchema?.fields.length
    ? d.tableSchema
    : d.kind === 'indicators'
      ? OBSERVATION_TABLE_SCHEMA
      : null;
  const schema = dictionary
    ? {
        fields: dictionary.fields,
        ...(dictionary.primaryKey?.length ? { primaryKey: dictionary.primaryKey } : {}),
      }
    : undefined;
  const sources = d.sources.map((s) => ({
    title: s.title,
    ...(s.url && REMOTE.test(s.url) ? { path: s.url } : {}),
  }));
  return {
    $schema: PROFILE,
    name: d.id,
    id: datasetUrl,
    title: d.title,
    description: d.descriptionEn ? `${d.description}\n\n${d.descriptionEn}` : d.description,
    homepage: `${base}/datasets/${encodeURIComponent(d.id)}`,
    version: String(d.version),
    created: d.issued,
    modified: d.modified,
    ...(d.keywords.length ? { keywords: d.keywords } : {}),
    licenses: [packageLicense(d.license)],
    contributors: [
      {
        title: d.publisher.name,
        organization: d.publisher.nameEn,
        roles: ['publisher'],
        ...(d.contactEmail ? { email: d.contactEmail } : {}),
      },
    ],
    ...(sources.length ? { sources } : {}),
    resources: d.distributions.map((dist) => ({
      name: `${d.id}-${dist.format}`,
      title: dist.title,
      path: dist.url,
      format: dist.format,
      mediatype: dist.mediaType,
      ...(dist.format !== 'xlsx' ? { encoding: 'utf-8' } : {}),
      ...(TABULAR.has(dist.format) && schema ? { type: 'table', schema } : {}),
    })),
  };
}

const descriptor = z
  .looseObject({
    $schema: z.string(),
    name: z.string(),
    title: z.string(),
    resources: z.array(z.looseObject({ name: z.string(), path: z.string(), format: z.string() })),
  })
  .meta({ id: 'DataPackage', description: 'A Frictionless Data Package descriptor (v2 profile)' });

export const datapackageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/datasets/:id/datapackage.json',
    {
      schema: {
        operationId: 'getDataPackage',
        tags: ['standards'],
        summary: 'The dataset as a Frictionless Data Package',
        description:
          'A Data Package descriptor valid against the Frictionless v2 profile: name, title, description, version, licences, sources, publisher, keywords, and one resource per download format whose path is the download URL, with the data dictionary as Table Schema (for an indicator dataset, the observation fields). Frictionless tools (frictionless-py, datapackage-js) read the data straight from it.',
        params: datasetIdParam,
        response: { 200: descriptor, ...errorResponses },
      },
    },
    async (request) => {
      const { reader, publicUrl } = request.server;
      const d = await getDataset(reader, request.params.id, request.principal, publicUrl);
      await auditRead(
        request.server.db.db,
        { principal: request.principal, requestId: request.id, log: request.log },
        'rest',
        [{ datasetId: d.id, access: d.access, rows: 0 }],
      );
      return dataPackage(d, publicUrl);
    },
  );
};
