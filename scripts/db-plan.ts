/** `npm run db:plan`: the cloud database collections, indexes and permissions to create for a real environment. */
import { COLLECTIONS } from '../cloudfunctions/ports/schema';

/** Collections that exist only in tests and the local cloud (the sandboxes' journals), never in a cloud environment. */
const LOCAL_ONLY = new Set(['kv_test', 'sandbox_wxpay', 'sandbox_live']);

const lines: string[] = [];
lines.push('# Cloud database plan (create in the cloud console: 云开发 -> 数据库, or with the tcb CLI)');
lines.push('# All reads and writes go through cloud functions, which bypass permissions: clients need none.');
lines.push('');
for (const c of COLLECTIONS) {
  if (LOCAL_ONLY.has(c.name)) continue;
  lines.push(`collection ${c.name}`);
  lines.push(`  about:       ${c.description}`);
  lines.push(`  permission:  ${c.permission}${c.permission === 'ADMINONLY' ? ' (仅管理端可读写)' : ''}`);
  if (c.indexes.length === 0) lines.push('  indexes:     _id only');
  for (const idx of c.indexes) {
    const fields = idx.fields.map(([f, d]) => `${f} ${d === 'asc' ? '1' : '-1'}`).join(', ');
    lines.push(`  index ${idx.name.padEnd(22)} ${idx.unique ? 'UNIQUE, sparse (稀疏: documents without the fields do not conflict) ' : ''}{ ${fields} }${idx.kind === 'array' ? '  (array field, queried by element)' : ''}`);
  }
  lines.push('');
}
lines.push('# As JSON for scripts:');
lines.push(JSON.stringify(COLLECTIONS.filter((c) => !LOCAL_ONLY.has(c.name)).map((c) => ({
  name: c.name,
  permission: c.permission,
  indexes: c.indexes.map((i) => ({ name: i.name, unique: !!i.unique, sparse: !!i.unique, keys: i.fields.map(([f, d]) => ({ name: f, direction: d === 'asc' ? '1' : '-1' })) })),
}))));
console.log(lines.join('\n'));
