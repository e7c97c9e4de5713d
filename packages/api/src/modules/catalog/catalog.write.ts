import { datasetSearchText, insertDatasetSql, patchDatasetSql, recordChange } from '@kho/ingest';
import {
  type DatasetInput,
  type DatasetPatch,
  type Executor,
  type KhoDb,
  query,
  queryOne,
  sql,
} from '@kho/schema';
import { canRead, canWrite, type Principal } from '../../lib/policy';
import { BadRequest, NotFound, Problem } from '../../lib/problems';

const forbidden = (detail: string) => new Problem(403, 'forbidden', 'Forbidden', detail);

async function requirePublisher(db: Executor, code: string) {
  const p = await queryOne(db, sql`select 1 from publishers where code = ${code}`);
  if (!p)
    throw new BadRequest('unknown-publisher', `There is no publisher ${code}; see GET /v1/publishers.`, [
      { parameter: 'publisher', message: 'unknown publisher' },
    ]);
}

/** POST /v1/datasets: a key with write:publisher:<code> creates that publisher's datasets. */
export async function createDatasetMetadata(
  db: KhoDb,
  viewer: Principal,
  input: DatasetInput & { id: string; kind: 'indicators' | 'table' },
) {
  if (viewer.kind === 'anonymous')
    throw new Problem(
      401,
      'key-required',
      'Unauthorized',
      'Creating a dataset needs a key with write:publisher:<code>.',
    );
  if (!canWrite(viewer, input.publisher))
    throw forbidden(`This key may not write datasets of ${input.publisher}.`);
  if (!input.themes.length)
    throw new BadRequest('invalid-parameter', 'themes: give at least one theme', [
      { parameter: 'themes', message: 'at least one theme' },
    ]);
  await requirePublisher(db, input.publisher);
  const exists = await queryOne(db, sql`select 1 from datasets where id = ${input.id}`);
  if (exists)
    throw new Problem(
      409,
      'dataset-exists',
      'Conflict',
      `A dataset with the id ${input.id} exists already; choose another id or PATCH it.`,
    );
  await db.transaction(async (tx) => {
    await queryOne(tx, insertDatasetSql(input.id, input.kind, input));
    await recordChange((q) => query(tx, q), {
      type: 'dataset.created',
      datasetId: input.id,
      version: 0,
      actor: actorOf(viewer),
    });
  });
}

/**
 * PATCH /v1/datasets/{id}: metadata only. Someone who cannot see the dataset gets 404 (its
 * existence does not leak); someone who can see it but not write it gets 403.
 */
export async function patchDatasetMetadata(
  db: KhoDb,
  viewer: Principal,
  id: string,
  patch: DatasetPatch,
  current: { id: string; access: string; publisher_code: string; kind: string },
) {
  if (!canRead(viewer, { id, access: current.access, publisherCode: current.publisher_code })) {
    throw new NotFound('dataset-not-found', `There is no dataset "${id}".`);
  }
  if (viewer.kind === 'anonymous')
    throw new Problem(
      401,
      'key-required',
      'Unauthorized',
      'Changing a dataset needs a key with write:publisher:<code>.',
    );
  if (!canWrite(viewer, current.publisher_code))
    throw forbidden(`This key may not change datasets of ${current.publisher_code}.`);
  if (patch.publisher && patch.publisher !== current.publisher_code) {
    if (!canWrite(viewer, patch.publisher))
      throw forbidden(`This key may not move the dataset to ${patch.publisher}.`);
    await requirePublisher(db, patch.publisher);
  }
  if (patch.tableSchema && current.kind !== 'table') {
    throw new BadRequest('invalid-parameter', 'tableSchema: an indicator dataset’s dictionary is fixed', [
      { parameter: 'tableSchema', message: 'not for indicator datasets' },
    ]);
  }
  await db.transaction(async (tx) => {
    const row = await queryOne<{
      id: string;
      title: string;
      title_en: string | null;
      description: string;
      keywords: string[];
    }>(tx, patchDatasetSql(id, patch));
    await queryOne(
      tx,
      sql`update datasets set search_text = ${datasetSearchText({ id, title: row!.title, titleEn: row!.title_en, description: row!.description, keywords: row!.keywords })} where id = ${id}`,
    );
    await recordChange((q) => query(tx, q), {
      type: 'dataset.updated',
      datasetId: id,
      actor: actorOf(viewer),
      detail: { fields: Object.keys(patch) },
    });
  });
}

/** DELETE /v1/datasets/{id}: the dataset is retired (hidden everywhere), its rows and versions are kept. */
export async function retireDataset(
  db: KhoDb,
  viewer: Principal,
  id: string,
  current: { id: string; access: string; publisher_code: string },
) {
  if (!canRead(viewer, { id, access: current.access, publisherCode: current.publisher_code })) {
    throw new NotFound('dataset-not-found', `There is no dataset "${id}".`);
  }
  if (viewer.kind === 'anonymous')
    throw new Problem(
      401,
      'key-required',
      'Unauthorized',
      'Retiring a dataset needs a key with write:publisher:<code>.',
    );
  if (!canWrite(viewer, current.publisher_code))
    throw forbidden(`This key may not retire datasets of ${current.publisher_code}.`);
  await db.transaction(async (tx) => {
    await queryOne(tx, sql`update datasets set retired_at = now(), modified = now() where id = ${id}`);
    await recordChange((q) => query(tx, q), {
      type: 'dataset.retired',
      datasetId: id,
      actor: actorOf(viewer),
    });
  });
}

const actorOf = (p: Principal) => (p.kind === 'key' ? `key:${p.prefix}` : 'anonymous');
