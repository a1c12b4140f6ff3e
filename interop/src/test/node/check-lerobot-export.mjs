// An independent reader of a LeRobot v3.0 export: reads the parquet files with hyparquet (not
// Tandem's code) and checks them against what the Java test says the store holds.
//
// usage: node check-lerobot-export.mjs DATASET_DIR EXPECTED.json
// EXPECTED: { totalFrames, episodeLengths, shapes: {column: n}, imageShape: [h, w],
//             dataColumns: [...], episodeColumns: [...], samples: [{index, columns: {...}}],
//             language: [{episode, step, text, interpretation, understood}] }
import fs from 'node:fs'
import path from 'node:path'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const [dir, expectedFile] = process.argv.slice(2)
const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'))
let passed = 0
let failed = 0
function check(ok, what) {
  if (ok) passed++
  else { failed++; console.log('FAIL: ' + what) }
}
const same = (a, b) => Object.is(a, b) || (typeof a === 'bigint' && BigInt(b) === a)

async function read(file) {
  const buf = fs.readFileSync(file)
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
  const md = parquetMetadata(ab)
  const top = []
  let k = 1
  while (k < md.schema.length) { // top-level names: walk the flat schema tree
    top.push(md.schema[k].name)
    let pending = md.schema[k].num_children ?? 0
    k++
    while (pending > 0) { pending += (md.schema[k].num_children ?? 0) - 1; k++ }
  }
  const rows = await parquetReadObjects({ file: ab, compressors, utf8: false })
  return { md, top, rows }
}

const info = JSON.parse(fs.readFileSync(path.join(dir, 'meta/info.json'), 'utf8'))
check(info.codebase_version === 'v3.0', 'codebase_version is v3.0, found ' + info.codebase_version)
check(info.total_frames === expected.totalFrames, `info total_frames ${info.total_frames}`)
check(info.total_episodes === expected.episodeLengths.length, 'info total_episodes')
for (const [col, n] of Object.entries(expected.shapes)) {
  check(info.features[col] && info.features[col].shape[0] === n, `info.json feature ${col} shape [${n}]`)
}

const dataDir = path.join(dir, 'data')
const files = fs.readdirSync(dataDir).sort().flatMap(c =>
  fs.readdirSync(path.join(dataDir, c)).sort().map(f => path.join(dataDir, c, f)))
const byIndex = new Map()
let frames = 0
for (const f of files) {
  const { top, rows } = await read(f)
  check(JSON.stringify(top) === JSON.stringify(expected.dataColumns), `${f} columns ${top}`)
  frames += rows.length
  for (const r of rows) {
    byIndex.set(Number(r.index), r)
    for (const [col, n] of Object.entries(expected.shapes)) {
      if (!Array.isArray(r[col]) || r[col].length !== n) {
        check(false, `${f} row ${r.index} ${col} has ${r[col]?.length} values, expected ${n}`)
      }
    }
  }
}
check(frames === expected.totalFrames, `data files hold ${frames} frames, expected ${expected.totalFrames}`)

for (const s of expected.samples) {
  const r = byIndex.get(s.index)
  check(r !== undefined, `frame ${s.index} present`)
  if (!r) continue
  for (const [col, want] of Object.entries(s.columns)) {
    const got = r[col]
    if (Array.isArray(want)) {
      const ok = Array.isArray(got) && got.length === want.length && want.every((v, k) => same(got[k], v))
      check(ok, `frame ${s.index} ${col}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
    } else {
      check(same(got, want), `frame ${s.index} ${col}: ${got} != ${want}`)
    }
  }
  for (const [col, [h, w]] of Object.entries(s.images ?? {})) {
    const b = r[col]?.bytes
    const png = b && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47
    check(png, `frame ${s.index} ${col} holds PNG bytes`)
    if (png) {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
      check(dv.getUint32(16) === w && dv.getUint32(20) === h, `frame ${s.index} ${col} is ${w}x${h}`)
    }
  }
}

const eps = await read(path.join(dir, 'meta/episodes/chunk-000/file-000.parquet'))
for (const c of expected.episodeColumns) check(eps.top.includes(c), `episodes parquet has ${c}`)
check(eps.rows.length === expected.episodeLengths.length, 'one episodes row per episode')
eps.rows.forEach((r, e) => {
  check(Number(r.length) === expected.episodeLengths[e], `episode ${e} length ${r.length}`)
  check(Number(r.dataset_to_index) - Number(r.dataset_from_index) === expected.episodeLengths[e],
    `episode ${e} dataset_from/to_index`)
})
for (const l of expected.language) {
  const r = eps.rows[l.episode]
  const k = (r['tandem/language/step'] ?? []).findIndex((s, i) =>
    Number(s) === l.step && r['tandem/language/text'][i] === l.text)
  check(k >= 0, `episode ${l.episode} step ${l.step} correction "${l.text}"`)
  if (k >= 0) {
    check(r['tandem/language/interpretation'][k] === l.interpretation, `interpretation of "${l.text}"`)
    check(r['tandem/language/understood'][k] === l.understood, `understood flag of "${l.text}"`)
  }
}
const tasks = await read(path.join(dir, 'meta/tasks.parquet'))
check(tasks.rows.length >= 1 && typeof tasks.rows[0].task === 'string', 'tasks.parquet has a task')

console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
