// The Tandem browser console: draws each robot's scene with three.js, shows who drives, and sends
// the operator's input (keyboard or Gamepad API, deadman held) and corrections over one WebSocket.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const SEND_PERIOD_MS = 33;      // drive messages while the deadman is held (~30 Hz)
const SPEED = 0.5;              // action units while a key is held, as the viewer's keyboard
const token = new URLSearchParams(location.search).get('token') || '';
const robots = new Map();       // id -> panel state
let socket = null;
let me = null;
let clients = [];
let selected = null;
let seq = 0;
const sentAt = new Map();       // input seq -> performance.now() when sent
const keys = new Set();
let gripper = 0;
let drivingRobot = null;

// ------------------------------------------------------------------ connection

function connect() {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws'
    + (token ? '?token=' + encodeURIComponent(token) : '');
  socket = new WebSocket(url);
  socket.onopen = () => status('connected');
  socket.onclose = (e) => {
    status('disconnected' + (e.code !== 1006 ? ' (' + e.code + (e.reason ? ': ' + e.reason : '') + ')' : ''));
    document.body.dataset.connected = 'false';
  };
  socket.onmessage = (e) => receive(JSON.parse(e.data));
}

function status(text) {
  document.getElementById('connection').textContent = text;
}

function send(msg) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
}

function receive(m) {
  switch (m.t) {
    case 'hello':
      me = m.client;
      document.getElementById('me').textContent = 'you are ' + me;
      document.body.dataset.client = me;
      document.body.dataset.connected = 'true';
      m.robots.forEach(addRobot);
      if (!selected && m.robots.length) select(m.robots[0].id);
      break;
    case 'frame': onFrame(m); break;
    case 'seat': onSeat(m); break;
    case 'reply': onReply(m); break;
    case 'pong': break;
  }
}

// ------------------------------------------------------------------ robots

function addRobot(info) {
  if (robots.has(info.id)) return;
  const el = document.getElementById('robot-panel').content.firstElementChild.cloneNode(true);
  el.dataset.robot = info.id;
  el.querySelector('.title').textContent = info.id + ' · ' + info.task;
  document.getElementById('fleet').appendChild(el);
  const canvas = el.querySelector('canvas.scene');
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
  renderer.setPixelRatio(1);
  renderer.setSize(480, 320, false);
  renderer.setClearColor(0x111216);
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x444455, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  sun.position.set(1, -1, 2);
  scene.add(sun);
  const camera = new THREE.PerspectiveCamera(info.cameraFovYDegrees, 480 / 320, 0.01, 30);
  camera.up.set(0, 0, 1);
  camera.position.fromArray(info.cameraEye);
  const controls = new OrbitControls(camera, canvas);
  controls.target.fromArray(info.cameraTarget);
  controls.update();
  const r = { info, el, renderer, scene, camera, controls, meshes: new Map(), steps: [],
              episode: -1, seat: null, frames: 0, dirty: true };
  controls.addEventListener('change', () => { r.dirty = true; });
  robots.set(info.id, r);
  const tbody = el.querySelector('table.actions tbody');
  info.actionNames.forEach((name) => {
    const tr = document.createElement('tr');
    tr.innerHTML = '<td></td><td><span class="bar"></span></td><td><span class="bar applied"></span></td>';
    tr.firstChild.textContent = name;
    tbody.appendChild(tr);
  });
  el.addEventListener('mousedown', () => select(info.id));
  el.querySelector('.take').onclick = () => send({ t: 'seat', robot: info.id });
  el.querySelector('.release').onclick = () => send({ t: 'release', robot: info.id });
  el.querySelector('.give').onclick = () => {
    const to = el.querySelector('.give-to').value;
    if (to) send({ t: 'give', robot: info.id, to });
  };
  el.querySelector('.estop').onclick = () => send({ t: 'estop', robot: info.id });
  el.querySelector('.resume').onclick = () => send({ t: 'resume', robot: info.id });
  el.querySelector('form.correction').onsubmit = (e) => {
    e.preventDefault();
    const input = el.querySelector('.text');
    const text = input.value.trim();
    if (text) send({ t: 'correct', robot: info.id, text });
    input.value = '';
  };
}

function select(id) {
  selected = id;
  robots.forEach((r, rid) => r.el.classList.toggle('selected', rid === id));
}

function css(rgb) {
  return 'rgb(' + rgb.map((c) => Math.round(c * 255)).join(',') + ')';
}

function onFrame(m) {
  const r = robots.get(m.robot);
  if (!r) return;
  const s = m.status;
  r.frames++;
  const colour = css(s.modeRgb);
  const banner = r.el.querySelector('.banner');
  banner.style.background = colour;
  r.el.style.borderColor = r.el.classList.contains('selected') ? '' : colour;
  r.el.querySelector('.mode').textContent = s.mode;
  r.el.dataset.mode = s.mode;
  r.el.dataset.step = s.step;
  r.el.dataset.episode = s.episode;
  r.el.querySelector('.progress').textContent =
    'episode ' + s.episode + ' · round ' + s.round + ' · step ' + s.step
    + ' · interventions ' + s.interventions + ' · policy ' + s.policyVersion;
  r.el.querySelector('.notice').textContent = s.notice;
  if (s.episode !== r.episode) { r.episode = s.episode; r.steps = []; }
  if (s.source) r.steps[s.step] = colour;
  drawTimeline(r);
  bars(r, s.proposed, '.bar:not(.applied)');
  bars(r, s.applied, '.bar.applied');
  if (s.event) {
    const li = document.createElement('li');
    li.textContent = 'episode ' + s.episode + ', step ' + s.step + ': ' + s.event;
    const list = r.el.querySelector('ol.events');
    list.prepend(li);
    while (list.children.length > 50) list.lastChild.remove();
  }
  if (s.inputSeq >= 0 && sentAt.has(s.inputSeq)) {
    const rtt = performance.now() - sentAt.get(s.inputSeq);
    sentAt.delete(s.inputSeq);
    const server = Number.isFinite(m.inputToActionMs) ? ' (server ' + m.inputToActionMs.toFixed(1) + ' ms)' : '';
    const line = r.el.querySelector('.latency');
    line.textContent = 'input → applied: ' + rtt.toFixed(1) + ' ms' + server;
    line.dataset.ms = rtt.toFixed(1);
  }
  if (m.scene) { updateScene(r, m.scene); r.dirty = true; }
  showCameras(r, s.cameras);
}

function bars(r, values, selector) {
  const cells = r.el.querySelectorAll('table.actions ' + selector);
  cells.forEach((bar, i) => {
    const v = values && i < values.length ? values[i] : 0;
    bar.style.width = Math.round(Math.min(1, Math.abs(v)) * 60) + 'px';
    bar.style.opacity = v < 0 ? 0.55 : 1;
    bar.title = v.toFixed(3);
  });
}

function drawTimeline(r) {
  const c = r.el.querySelector('canvas.timeline');
  const g = c.getContext('2d');
  g.fillStyle = '#15161a';
  g.fillRect(0, 0, c.width, c.height);
  const n = Math.max(150, r.steps.length);
  const w = c.width / n;
  r.steps.forEach((colour, i) => {
    if (!colour) return;
    g.fillStyle = colour;
    g.fillRect(i * w, 4, Math.max(1, w), c.height - 8);
  });
}

function showCameras(r, cameras) {
  if (!cameras || !cameras.length) return;
  const box = r.el.querySelector('.cameras');
  cameras.forEach((cam) => {
    let img = box.querySelector('img[data-camera="' + cam.name + '"]');
    if (!img) {
      img = document.createElement('img');
      img.dataset.camera = cam.name;
      img.title = 'policy camera ' + cam.name;
      box.appendChild(img);
    }
    img.src = 'data:image/png;base64,' + cam.pngBase64;
  });
}

function geometry(o) {
  const [a, b, c] = o.size;
  switch (o.shape) {
    case 'box': return new THREE.BoxGeometry(a, b, c);
    case 'sphere': return new THREE.SphereGeometry(a, 24, 16);
    case 'cylinder': return new THREE.CylinderGeometry(a, a, b, 24).rotateX(Math.PI / 2);
    case 'capsule': return new THREE.CapsuleGeometry(a, Math.max(0, b - 2 * a), 6, 16).rotateX(Math.PI / 2);
    default: return new THREE.PlaneGeometry(2 * a, 2 * a);
  }
}

function updateScene(r, objects) {
  const seen = new Set();
  objects.forEach((o) => {
    const key = o.name + '/' + o.shape + '/' + o.size.join(',');
    seen.add(key);
    let mesh = r.meshes.get(key);
    if (!mesh) {
      const material = new THREE.MeshStandardMaterial({
        color: new THREE.Color(o.rgba[0], o.rgba[1], o.rgba[2]),
        transparent: o.ghost || o.rgba[3] < 1,
        opacity: o.ghost ? Math.min(o.rgba[3], 0.45) : o.rgba[3],
        depthWrite: !o.ghost, roughness: 0.7, side: THREE.DoubleSide });
      mesh = new THREE.Mesh(geometry(o), material);
      r.meshes.set(key, mesh);
      r.scene.add(mesh);
    }
    mesh.position.fromArray(o.position);
    mesh.quaternion.fromArray(o.quaternion);
  });
  r.meshes.forEach((mesh, key) => {
    if (!seen.has(key)) { r.scene.remove(mesh); mesh.geometry.dispose(); r.meshes.delete(key); }
  });
}

// Draws a robot's scene only when it changed (a frame, the camera moved): software WebGL stays cheap.
function render() {
  robots.forEach((r) => {
    if (r.dirty) { r.dirty = false; r.renderer.render(r.scene, r.camera); }
  });
  requestAnimationFrame(render);
}

// ------------------------------------------------------------------ seats

function onSeat(m) {
  clients = m.clients;
  const r = robots.get(m.robot);
  if (!r) return;
  r.seat = m.seat;
  r.el.dataset.seat = m.seat || '';
  r.el.querySelector('.seat').textContent =
    m.seat ? (m.seat === me ? 'you control this robot' : 'controlled by ' + m.seat) : 'seat free';
  const give = r.el.querySelector('.give-to');
  give.innerHTML = '';
  clients.filter((c) => c !== me).forEach((c) => {
    const o = document.createElement('option');
    o.value = c; o.textContent = c;
    give.appendChild(o);
  });
}

function onReply(m) {
  const r = m.robot ? robots.get(m.robot) : robots.get(selected);
  const text = m.kind === 'understood' || m.kind === 'not-understood'
    ? '“' + m.text + '” → ' + m.detail + (m.ok ? '' : ' (not applied)')
    : m.kind + ': ' + m.text + (m.detail ? ' — ' + m.detail : '');
  if (!r) { status(text); return; }
  const line = r.el.querySelector('.reply');
  line.textContent = text;
  line.dataset.kind = m.kind;
  line.className = 'reply ' + (m.ok ? 'ok' : 'bad');
}

// ------------------------------------------------------------------ input

function typing(e) {
  const t = e.target;
  return t && (t.tagName === 'INPUT' || t.tagName === 'SELECT');
}

/** Keys that drive: a change is sent at once, not at the next send period (up to 33 ms later). */
function drivingKey(code) {
  return code === 'ControlLeft' || code.startsWith('Arrow') || code.startsWith('Page') ||
    code === 'Home' || code === 'End';
}

window.addEventListener('keydown', (e) => {
  if (e.code === 'Escape') {
    if (selected) send({ t: 'estop', robot: selected });
    return;
  }
  if (typing(e)) return;
  keys.add(e.code);
  if (e.code === 'Home') gripper = 1;
  if (e.code === 'End') gripper = -1;
  if (drivingKey(e.code) && e.code !== 'ControlLeft') {
    e.preventDefault();
  }
  if (drivingKey(e.code) && !e.repeat) pump();
});
window.addEventListener('keyup', (e) => {
  keys.delete(e.code);
  if (drivingKey(e.code)) pump();
});
window.addEventListener('blur', () => { keys.clear(); pump(); });

function axis(plus, minus) {
  return (keys.has(plus) ? SPEED : 0) - (keys.has(minus) ? SPEED : 0);
}

/** The command and whether a deadman is held: keyboard first, then the first gamepad. */
function readInput() {
  let held = keys.has('ControlLeft');
  let dx = axis('ArrowUp', 'ArrowDown');
  let dy = axis('ArrowLeft', 'ArrowRight');
  let dz = axis('PageUp', 'PageDown');
  const pads = navigator.getGamepads ? navigator.getGamepads() : [];
  for (const pad of pads) {
    if (!pad || pad.mapping !== 'standard') continue;
    if (pad.buttons[4] && pad.buttons[4].pressed) {
      held = true;
      const dead = (v) => (Math.abs(v) < 0.1 ? 0 : v);
      dx = -dead(pad.axes[1]);
      dy = -dead(pad.axes[0]);
      dz = -dead(pad.axes[3]);
      if (pad.buttons[0].pressed) gripper = 1;
      if (pad.buttons[1].pressed) gripper = -1;
    }
    break;
  }
  return { held, dx, dy, dz };
}

function command(r, input) {
  const names = r.info.actionNames;
  const v = names.map(() => 0);
  v[0] = input.dx; v[1] = input.dy; v[2] = input.dz;
  let g = names.findIndex((n) => /gripper|finger/i.test(n));
  if (g < 0 && names.length === 4) g = 3;
  if (g >= 0) v[g] = gripper;
  return v.map((x) => Math.max(-1, Math.min(1, x)));
}

/** Sends the command while a deadman is held (every send period, and at once when a key changes). */
function pump() {
  const input = readInput();
  const r = selected ? robots.get(selected) : null;
  if (input.held && r) {
    const n = seq++;
    sentAt.set(n, performance.now());
    if (sentAt.size > 256) sentAt.delete(sentAt.keys().next().value);
    send({ t: 'drive', robot: r.info.id, seq: n, v: command(r, input), sentMs: performance.now() });
    drivingRobot = r.info.id;
  } else if (drivingRobot) {
    send({ t: 'letgo', robot: drivingRobot });
    drivingRobot = null;
  }
}

setInterval(pump, SEND_PERIOD_MS);

setInterval(() => send({ t: 'ping', sentMs: performance.now() }), 5000);

connect();
requestAnimationFrame(render);
