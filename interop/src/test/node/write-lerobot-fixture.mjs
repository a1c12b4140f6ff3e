// Writes a small LeRobot dataset v3.0 with hyparquet-writer, following the published layout
// (LeRobot's datasets/utils.py): meta/info.json, meta/stats.json, meta/tasks.parquet,
// meta/episodes/chunk-000/file-000.parquet, data/chunk-000/file-000.parquet. Columns are nested the
// way pyarrow writes them (optional LIST of optional elements, image structs {bytes, path}), the
// writer's defaults give dictionary encoding and data pages v2 with snappy, and a few columns use
// other encodings, so Tandem's reader meets what it did not write itself.
//
// With `video`, the camera is a video feature instead: one MP4 (H.264 by Debian's ffmpeg CLI) holding
// every episode end to end, found through meta/episodes' videos/<key>/from_timestamp.
//
// usage: node write-lerobot-fixture.mjs OUT_DIR EPISODES [video]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { parquetWriteFile } from 'hyparquet-writer'

const [out, episodesArg, mode] = process.argv.slice(2)
const EPISODES = Number(episodesArg ?? 3)
const VIDEO = mode === 'video'
const FPS = 10
const S = 6 // state: 5 joints + gripper
const A = 6
const H = VIDEO ? 64 : 8
const W = VIDEO ? 80 : 10
const CAM = 'observation.images.top'

// --- a minimal PNG encoder (RGB, 8 bit, no filter) --------------------------------------------
const CRC = new Int32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})
function crc32(buf) {
  let c = -1
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ -1) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(width, height, rgb) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8; ihdr[9] = 2 // 8-bit truecolor
  const raw = Buffer.alloc(height * (1 + width * 3))
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 3)] = 0
    rgb.copy(raw, y * (1 + width * 3) + 1, y * width * 3, (y + 1) * width * 3)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ])
}

// --- values: functions of (episode, frame, k), shared with the Java test via expected.json -----
const f32 = Math.fround
const stateOf = (e, i) => Array.from({ length: S }, (_, k) => f32(Math.sin(e * 7 + i * 0.3 + k)))
const actionOf = (e, i) => Array.from({ length: A }, (_, k) => f32(Math.cos(e * 5 + i * 0.2 - k) / 2))
const noisy = (e, i) => Buffer.from(Array.from({ length: H * W * 3 }, (_, p) => (e * 40 + i * 9 + p * 5) & 0xff))
// for video: smooth gradients (what a codec keeps) and a tint that jumps at every frame
const smooth = (e, i) => Buffer.from(Array.from({ length: H * W * 3 }, (_, p) => {
  const x = Math.floor(p / 3) % W; const y = Math.floor(p / 3 / W)
  return [40 + x * 2, 40 + y * 2, 20 + ((i * 37 + e * 71) % 200)][p % 3]
}))
const pixelsOf = VIDEO ? smooth : noisy

const lengths = Array.from({ length: EPISODES }, (_, e) => 12 + 5 * e)
const rows = { state: [], action: [], image: [], timestamp: [], frame: [], episode: [], index: [], task: [], reward: [], done: [] }
let index = 0
for (let e = 0; e < EPISODES; e++) {
  for (let i = 0; i < lengths[e]; i++) {
    rows.state.push(stateOf(e, i))
    rows.action.push(actionOf(e, i))
    if (!VIDEO) rows.image.push({ bytes: new Uint8Array(png(W, H, pixelsOf(e, i))), path: null })
    rows.timestamp.push(f32(i / FPS))
    rows.frame.push(BigInt(i))
    rows.episode.push(BigInt(e))
    rows.index.push(BigInt(index++))
    rows.task.push(BigInt(e % 2))
    rows.reward.push(f32(i === lengths[e] - 1 ? 1 : 0))
    rows.done.push(i === lengths[e] - 1)
  }
}

const optionalList = (name, type) => [
  { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type, repetition_type: 'OPTIONAL' },
]
const opt = (name, type, extra = {}) => ({ name, type, repetition_type: 'OPTIONAL', ...extra })

fs.mkdirSync(path.join(out, 'data/chunk-000'), { recursive: true })
fs.mkdirSync(path.join(out, 'meta/episodes/chunk-000'), { recursive: true })

const image = VIDEO ? [] : [{ name: CAM, data: rows.image }]
const imageSchema = VIDEO ? [] : [
  { name: CAM, repetition_type: 'OPTIONAL', num_children: 2 },
  opt('bytes', 'BYTE_ARRAY'),
  opt('path', 'BYTE_ARRAY', { converted_type: 'UTF8' }),
]
parquetWriteFile({
  filename: path.join(out, 'data/chunk-000/file-000.parquet'),
  rowGroupSize: 16, // several row groups
  pageSize: 512, // several pages per column chunk
  columnData: [
    { name: 'observation.state', data: rows.state },
    { name: 'action', data: rows.action },
    ...image,
    { name: 'timestamp', data: rows.timestamp, encoding: 'BYTE_STREAM_SPLIT' },
    { name: 'frame_index', data: rows.frame, encoding: 'DELTA_BINARY_PACKED' },
    { name: 'episode_index', data: rows.episode },
    { name: 'index', data: rows.index, encoding: 'DELTA_BINARY_PACKED' },
    { name: 'task_index', data: rows.task },
    { name: 'next.reward', data: rows.reward },
    { name: 'next.done', data: rows.done },
  ],
  schema: [
    { name: 'schema', num_children: VIDEO ? 9 : 10 },
    ...optionalList('observation.state', 'FLOAT'),
    ...optionalList('action', 'FLOAT'),
    ...imageSchema,
    opt('timestamp', 'FLOAT'),
    opt('frame_index', 'INT64'),
    opt('episode_index', 'INT64'),
    opt('index', 'INT64'),
    opt('task_index', 'INT64'),
    opt('next.reward', 'FLOAT'),
    opt('next.done', 'BOOLEAN'),
  ],
})

let from = 0
const ep = { index: [], tasks: [], length: [], dc: [], df: [], from: [], to: [], mc: [], mf: [], vfrom: [], vto: [] }
for (let e = 0; e < EPISODES; e++) {
  ep.index.push(BigInt(e)); ep.tasks.push([e % 2 ? 'place the cube' : 'pick the cube'])
  ep.length.push(BigInt(lengths[e])); ep.dc.push(0n); ep.df.push(0n)
  ep.from.push(BigInt(from)); ep.to.push(BigInt(from + lengths[e])); ep.mc.push(0n); ep.mf.push(0n)
  ep.vfrom.push(from / FPS); ep.vto.push((from + lengths[e]) / FPS)
  from += lengths[e]
}
const videoColumns = VIDEO ? [
  { name: `videos/${CAM}/chunk_index`, data: ep.dc },
  { name: `videos/${CAM}/file_index`, data: ep.df },
  { name: `videos/${CAM}/from_timestamp`, data: ep.vfrom },
  { name: `videos/${CAM}/to_timestamp`, data: ep.vto },
] : []
const videoSchema = VIDEO ? [
  opt(`videos/${CAM}/chunk_index`, 'INT64'), opt(`videos/${CAM}/file_index`, 'INT64'),
  opt(`videos/${CAM}/from_timestamp`, 'DOUBLE'), opt(`videos/${CAM}/to_timestamp`, 'DOUBLE'),
] : []
if (VIDEO) {
  // every frame of every episode, in order, through Debian's ffmpeg
  const frames = []
  for (let e = 0; e < EPISODES; e++) for (let i = 0; i < lengths[e]; i++) frames.push(pixelsOf(e, i))
  const mp4 = path.join(out, `videos/${CAM}/chunk-000/file-000.mp4`)
  fs.mkdirSync(path.dirname(mp4), { recursive: true })
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo',
    '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-framerate', String(FPS), '-i', 'pipe:0',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '2', '-crf', '18', mp4],
  { input: Buffer.concat(frames) })
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`)
}
parquetWriteFile({
  filename: path.join(out, 'meta/episodes/chunk-000/file-000.parquet'),
  columnData: [
    { name: 'episode_index', data: ep.index },
    { name: 'tasks', data: ep.tasks },
    { name: 'length', data: ep.length },
    { name: 'data/chunk_index', data: ep.dc },
    { name: 'data/file_index', data: ep.df },
    { name: 'dataset_from_index', data: ep.from },
    { name: 'dataset_to_index', data: ep.to },
    { name: 'meta/episodes/chunk_index', data: ep.mc },
    { name: 'meta/episodes/file_index', data: ep.mf },
    ...videoColumns,
  ],
  schema: [
    { name: 'schema', num_children: 9 + videoSchema.length },
    opt('episode_index', 'INT64'),
    ...optionalList('tasks', 'BYTE_ARRAY').map((x, k) => (k === 2 ? { ...x, converted_type: 'UTF8' } : x)),
    opt('length', 'INT64'), opt('data/chunk_index', 'INT64'), opt('data/file_index', 'INT64'),
    opt('dataset_from_index', 'INT64'), opt('dataset_to_index', 'INT64'),
    opt('meta/episodes/chunk_index', 'INT64'), opt('meta/episodes/file_index', 'INT64'),
    ...videoSchema,
  ],
})
parquetWriteFile({
  filename: path.join(out, 'meta/tasks.parquet'),
  columnData: [
    { name: 'task_index', data: [0n, 1n], type: 'INT64' },
    { name: 'task', data: ['pick the cube', 'place the cube'], type: 'STRING' },
  ],
})

const vec = (dtype, n, names = null) => ({ dtype, shape: [n], names })
const info = {
  codebase_version: 'v3.0', robot_type: 'so100', total_episodes: EPISODES, total_frames: index,
  total_tasks: 2, chunks_size: 1000, data_files_size_in_mb: 100, video_files_size_in_mb: 200, fps: FPS,
  splits: { train: `0:${EPISODES}` },
  data_path: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet',
  video_path: 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4',
  features: {
    'observation.state': vec('float32', S, ['j0', 'j1', 'j2', 'j3', 'j4', 'gripper']),
    action: vec('float32', A, ['j0', 'j1', 'j2', 'j3', 'j4', 'gripper']),
    [CAM]: VIDEO
      ? {
          dtype: 'video', shape: [H, W, 3], names: ['height', 'width', 'channels'],
          info: { 'video.height': H, 'video.width': W, 'video.codec': 'h264', 'video.pix_fmt': 'yuv420p',
            'video.is_depth_map': false, 'video.fps': FPS, 'video.channels': 3, has_audio: false },
        }
      : { dtype: 'image', shape: [H, W, 3], names: ['height', 'width', 'channels'] },
    timestamp: vec('float32', 1), frame_index: vec('int64', 1), episode_index: vec('int64', 1),
    index: vec('int64', 1), task_index: vec('int64', 1), 'next.reward': vec('float32', 1), 'next.done': vec('bool', 1),
  },
}
fs.writeFileSync(path.join(out, 'meta/info.json'), JSON.stringify(info, null, 4))
const all = (get, n) => {
  const min = Array(n).fill(Infinity); const max = Array(n).fill(-Infinity)
  for (const r of get) r.forEach((v, k) => { min[k] = Math.min(min[k], v); max[k] = Math.max(max[k], v) })
  return { min, max, mean: Array(n).fill(0), std: Array(n).fill(1), count: [get.length] }
}
fs.writeFileSync(path.join(out, 'meta/stats.json'), JSON.stringify({
  'observation.state': all(rows.state, S), action: all(rows.action, A),
}, null, 4))
// What the Java test checks the import against.
fs.writeFileSync(path.join(out, 'expected.json'), JSON.stringify({
  lengths, fps: FPS, height: H, width: W, video: VIDEO,
  samples: [[0, 0], [1, 3], [EPISODES - 1, lengths[EPISODES - 1] - 1]].map(([e, i]) => ({
    episode: e, frame: i, state: stateOf(e, i), action: actionOf(e, i),
    pixels: Array.from(pixelsOf(e, i)),
  })),
}))
console.log(`wrote ${EPISODES} episodes, ${index} frames to ${out}`)
