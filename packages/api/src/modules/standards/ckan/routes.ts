import type { FastifyRequest, FastifySchema } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRead } from '../../audit/audit.service';
import { organizationList, packageList, packageSearch, packageShow } from './actions';
import {
  ckanErrors,
  ckanOrganization,
  ckanPackage,
  datastoreSearchParams,
  datastoreSearchResult,
  envelope,
  organizationListParams,
  packageListParams,
  packageSearchParams,
  packageSearchResult,
  packageShowParams,
} from './contracts';
import { datastoreSearch } from './datastore';
import { ACTION_PREFIX, CkanError, ckanErrorHandler, notFound, ok } from './envelope';

type App = Parameters<FastifyPluginAsyncZod>[0];

interface Action<P extends z.ZodType, R extends z.ZodType> {
  name: string;
  summary: string;
  description: string;
  params: P;
  result: R;
  run: (request: FastifyRequest, params: z.output<P>) => Promise<z.output<R>>;
}

const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
const POST_NOTE =
  ' Also answers POST with the parameters as a JSON body, as CKAN does (ckanapi sends its calls that way).';

/** One action: GET with query parameters (documented), POST with a JSON body, both in CKAN's envelope. */
function action<P extends z.ZodType, R extends z.ZodType>(
  app: App,
  help: Map<string, string>,
  a: Action<P, R>,
) {
  help.set(a.name, `${a.summary}. ${a.description}`);
  const operationId = camel(`ckan_${a.name}`);
  const response = {
    200: envelope(a.result, `Ckan${operationId.slice(4)}Response`),
    ...ckanErrors,
  };
  const url = `${ACTION_PREFIX}/${a.name}`;
  app.get(
    url,
    {
      schema: {
        operationId,
        tags: ['ckan'],
        summary: a.summary,
        description: a.description + POST_NOTE,
        querystring: a.params,
        response,
      },
      // Typed loosely: the generic result is checked where each action is defined.
    } as { schema: FastifySchema },
    async (request) => ok(request, await a.run(request, request.query as z.output<P>)),
  );
  app.post(
    url,
    { schema: { hide: true, body: z.preprocess((v) => v ?? {}, a.params), response } } as {
      schema: FastifySchema;
    },
    async (request) => ok(request, await a.run(request, request.body as z.output<P>)),
  );
}

const audit = (request: FastifyRequest, datasetId: string, access: string, rows: number) =>
  auditRead(
    request.server.db.db,
    { principal: request.principal, requestId: request.id, log: request.log },
    'ckan',
    [{ datasetId, access, rows }],
  );

/** The CKAN Action API subset for harvesters and CKAN clients, over the catalog and records modules. */
export const ckanRoutes: FastifyPluginAsyncZod = async (app) => {
  app.setErrorHandler(ckanErrorHandler);
  const help = new Map<string, string>();

  action(app, help, {
    name: 'package_list',
    summary: 'CKAN package_list: the names of the datasets you can see',
    description: 'Dataset names (ids) in name order; `limit` and `offset` page them.',
    params: packageListParams,
    result: z.array(z.string()),
    run: (r, p) => packageList(r.server.reader, r.principal, p),
  });

  action(app, help, {
    name: 'package_show',
    summary: 'CKAN package_show: one dataset as a CKAN package',
    description:
      'The dataset with CKAN field names: organization (the publisher), groups (the themes), tags (the keywords), one resource per download format (resource ids are `<dataset>.<format>`), licence, extras (English title, temporal and spatial coverage, access level …). A dataset you may not see is a Not Found Error.',
    params: packageShowParams,
    result: ckanPackage,
    run: async (r, p) => {
      const { row, pkg } = await packageShow(r.server.reader, r.principal, p.id, r.server.publicUrl);
      await audit(r, row.id, row.access, 0);
      return pkg;
    },
  });

  action(app, help, {
    name: 'package_search',
    summary: 'CKAN package_search: search datasets with facets',
    description:
      'Words in `q` (accent-insensitive), filter terms in `fq` (organization:, groups:, tags:, res_format:, license_id:, name:, metadata_modified:[from TO to], a leading - negates), `sort`, `rows` (at most 1000) and `start`, and facet counts for the fields in `facet.field` (a JSON list of organization, groups, tags, res_format, license_id). Only datasets you may see are searched and counted.',
    params: packageSearchParams,
    result: packageSearchResult,
    run: (r, p) => packageSearch(r.server.reader, r.principal, p, r.server.publicUrl),
  });

  action(app, help, {
    name: 'organization_list',
    summary: 'CKAN organization_list: the publishers',
    description:
      'Publisher names (lower-case codes: syt, stttt …), or with `all_fields=true` whole organizations with how many datasets you can see (`package_count`).',
    params: organizationListParams,
    result: z.union([z.array(z.string()), z.array(ckanOrganization)]),
    run: (r, p) => organizationList(r.server.reader, r.principal, p),
  });

  action(app, help, {
    name: 'datastore_search',
    summary: 'CKAN datastore_search: rows of a dataset',
    description:
      'Rows of a dataset (`resource_id` = the dataset id or one of its resource ids) with CKAN parameters: `filters` as a JSON object ({"type": "hospital"} or {"type": ["hospital", "clinic"]}), `q` (words, or {"field": "words"}), `fields`, `sort` ("beds desc, name"), `limit` (at most 1000), `offset`, `include_total`. Fields carry CKAN types (text, numeric, int, date, timestamp, bool, json); `_links.next` is the next page. A filter on an unknown field or with a value of the wrong type is a Validation Error.',
    params: datastoreSearchParams,
    result: datastoreSearchResult,
    run: async (r, p) => {
      const { dataset, result } = await datastoreSearch(r.server.reader, r.principal, p);
      await audit(r, dataset.id, dataset.access, result.records.length);
      return result;
    },
  });

  action(app, help, {
    name: 'help_show',
    summary: 'CKAN help_show: what an action does',
    description:
      'The description of one of the actions above (`name`), as in the `help` member of every answer.',
    params: z.object({ name: z.string().min(1).max(100).describe('An action name, e.g. package_search') }),
    result: z.string(),
    run: async (_r, p) => {
      const text = help.get(p.name);
      if (!text) throw notFound(`No action "${p.name}".`);
      return text;
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: `${ACTION_PREFIX}/:action`,
    schema: { hide: true },
    handler: async (request) => {
      const name = String((request.params as { action: string }).action).slice(0, 100);
      throw new CkanError(
        400,
        'Bad request',
        `Action name not known: ${name}. This API answers package_list, package_show, package_search, organization_list and datastore_search.`,
      );
    },
  });
};
