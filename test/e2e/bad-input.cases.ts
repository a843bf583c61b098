import fc from 'fast-check';
import { multipartBody } from '../support/raw-http';

/**
 * Malformed requests for every write route, generated from a fixed seed (FC_SEED overrides,
 * as in the property tests). Each case is malformed on purpose (an unknown, missing or
 * mistyped field, a body that is not JSON, not UTF-8, too deep or too large, a media type
 * the route does not take, an id that is no id) so that a 2xx is always a defect.
 */
export interface BadInputCase {
  name: string;
  request: { method: string; path: string; headers: Record<string, string>; body?: Buffer | string };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface WriteRoute {
  name: string;
  method: 'POST' | 'PUT';
  path: (id: string) => string;
  /** The id the route's path takes, when it takes one. */
  id: string | null;
  token: string;
  /** A well-formed body; every mutation below breaks it. */
  valid: Record<string, Json>;
  /** Dotted paths whose removal makes the body invalid. */
  required: string[];
  /** No body at all is a valid request (publish on the stored calendar, acknowledge, evaluate). */
  emptyIsValid: boolean;
  /** Dotted paths of fields with a definite type, and that type. */
  typed: [string, 'string' | 'number' | 'boolean' | 'array' | 'object'][];
}

const seed = (() => {
  const requested = process.env['FC_SEED'];
  return requested === 'random' ? Date.now() : Number(requested ?? 20_261_123);
})();

/** Wrong values of every JSON type but the expected one (null included: none of these is nullable). */
const wrongValueFor = (type: WriteRoute['typed'][number][1]): fc.Arbitrary<Json> => {
  const candidates: fc.Arbitrary<Json>[] = [fc.constant(null)];
  if (type !== 'string') candidates.push(fc.string({ maxLength: 20 }));
  if (type !== 'number') candidates.push(fc.oneof(fc.integer(), fc.constant(1e308)));
  if (type !== 'boolean') candidates.push(fc.boolean());
  if (type !== 'array') candidates.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (type !== 'object') candidates.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  return fc.oneof(...candidates);
};

const hostileIds = [
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '00000000-0000-0000-0000-000000000000',
  "1' OR '1'='1",
  '1;DROP TABLE "Plan";--',
  '%00',
  '__proto__',
  'constructor',
  'x'.repeat(5_000),
  '<script>alert(1)</script>',
  '市科工局',
  '%F0%9F%92%A9',
  'ffffffff-ffff-ffff-ffff-ffffffffffffx',
];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function setAt(body: Record<string, Json>, dotted: string, value: Json | undefined): Record<string, Json> {
  const copy = clone(body);
  const keys = dotted.split('.');
  let node: Json = copy;
  for (const key of keys.slice(0, -1)) node = (node as Record<string, Json>)[key] as Json;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete (node as Record<string, Json>)[last];
  else (node as Record<string, Json>)[last] = value;
  return copy;
}

/** A key no schema has; `__proto__` and `constructor` among them. */
const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'calender', 'idempotency_key', 'status', ''),
  fc.string({ minLength: 1, maxLength: 12 }).map((key) => `x-${key}`),
);

export function badInputCases(params: {
  planId: string;
  cycleId: string;
  assignmentId: string;
  indicatorId: string;
  tokens: { coordinator: string; department: string };
}): BadInputCase[] {
  const { tokens } = params;
  const plan = {
    jurisdiction: '沅江市',
    year: 2026,
    title: '坏输入',
    tasks: [
      {
        number: '1',
        title: '任务',
        targets: [
          {
            text: '目标',
            units: { lead: ['市科工局'], cooperating: [] },
            indicators: [{ kind: 'count', comparator: 'gte', value: 1, unit: '家' }],
          },
        ],
      },
    ],
  } satisfies Json;
  const routes: WriteRoute[] = [
    {
      name: 'POST /plans',
      emptyIsValid: false,
      method: 'POST',
      path: () => '/plans',
      id: null,
      token: tokens.coordinator,
      valid: { document: plan },
      required: ['document', 'document.tasks', 'document.tasks.0.targets', 'document.tasks.0.title', 'document.tasks.0.targets.0.units'],
      typed: [
        ['document', 'object'],
        ['document.tasks', 'array'],
        ['document.tasks.0.title', 'string'],
        ['document.tasks.0.number', 'string'],
        ['document.tasks.0.targets', 'array'],
        ['document.tasks.0.targets.0.text', 'string'],
        ['document.tasks.0.targets.0.units.lead', 'array'],
        ['document.tasks.0.targets.0.indicators.0.kind', 'number'],
      ],
    },
    {
      name: 'PUT /plans/:planId',
      emptyIsValid: false,
      method: 'PUT',
      path: (id) => `/plans/${id}`,
      id: params.planId,
      token: tokens.coordinator,
      valid: { revision: 1, document: plan },
      required: ['revision', 'document', 'document.tasks'],
      typed: [
        ['revision', 'number'],
        ['document', 'object'],
        ['document.tasks', 'array'],
        ['document.tasks.0.targets.0.indicators', 'array'],
      ],
    },
    {
      name: 'POST /plans/:planId/publish',
      emptyIsValid: true,
      method: 'POST',
      path: (id) => `/plans/${id}/publish`,
      id: params.planId,
      token: tokens.coordinator,
      valid: { calendar: { kind: 'compressed', periodSeconds: 60, reminderSeconds: 10, graceSeconds: 10 }, idempotencyKey: 'publish-1' },
      required: ['calendar.kind', 'calendar.periodSeconds', 'calendar.graceSeconds'],
      typed: [
        ['calendar', 'object'],
        ['calendar.periodSeconds', 'number'],
        ['calendar.reminderSeconds', 'number'],
        ['idempotencyKey', 'string'],
      ],
    },
    {
      name: 'POST /cycles/:cycleId/evaluation',
      emptyIsValid: true,
      method: 'POST',
      path: (id) => `/cycles/${id}/evaluation`,
      id: params.cycleId,
      token: tokens.coordinator,
      valid: { idempotencyKey: 'evaluate-1' },
      required: [],
      typed: [['idempotencyKey', 'string']],
    },
    {
      name: 'POST /assignments/:id/acknowledge',
      emptyIsValid: true,
      method: 'POST',
      path: (id) => `/assignments/${id}/acknowledge`,
      id: params.assignmentId,
      token: tokens.department,
      valid: { idempotencyKey: 'acknowledge-1' },
      required: [],
      typed: [['idempotencyKey', 'string']],
    },
    {
      name: 'POST /assignments/:id/reports',
      emptyIsValid: false,
      method: 'POST',
      path: (id) => `/assignments/${id}/reports`,
      id: params.assignmentId,
      token: tokens.department,
      valid: {
        periodKey: 'P1',
        idempotencyKey: 'bad-input-report-1',
        values: [{ indicatorId: params.indicatorId, value: 1 }],
        narrative: '报送',
        evidence: [{ title: '台账', uri: 'oa://x' }],
      },
      required: ['periodKey', 'idempotencyKey', 'values', 'narrative', 'values.0.indicatorId'],
      typed: [
        ['periodKey', 'string'],
        ['idempotencyKey', 'string'],
        ['values', 'array'],
        ['values.0', 'object'],
        ['values.0.indicatorId', 'string'],
        ['narrative', 'string'],
        ['evidence', 'array'],
        ['evidence.0.uri', 'string'],
      ],
    },
    {
      name: 'POST /assignments/:id/reviews',
      emptyIsValid: false,
      method: 'POST',
      path: (id) => `/assignments/${id}/reviews`,
      id: params.assignmentId,
      token: tokens.coordinator,
      valid: { periodKey: 'P1', decision: 'return', comment: '请补充' },
      required: ['periodKey', 'decision'],
      typed: [
        ['periodKey', 'string'],
        ['decision', 'number'],
        ['comment', 'string'],
      ],
    },
  ];

  const cases: BadInputCase[] = [];
  const jsonCase = (
    route: WriteRoute,
    name: string,
    body: Buffer | string,
    extra: { headers?: Record<string, string>; id?: string } = {},
  ) =>
    cases.push({
      name: `${route.name}: ${name}`,
      request: {
        method: route.method,
        path: route.path(extra.id ?? route.id ?? ''),
        headers: { Authorization: `Bearer ${route.token}`, 'Content-Type': 'application/json', ...extra.headers },
        body,
      },
    });
  const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number, salt: number): T[] =>
    fc.sample(arbitrary, { seed: seed + salt, numRuns: count });

  routes.forEach((route, routeIndex) => {
    const salt = routeIndex * 1_000;
    // Unknown keys, at the top or inside an object of the body.
    const objectPaths = ['', ...route.typed.filter(([, type]) => type === 'object').map(([path]) => path)];
    for (const [where, key, value] of sample(
      fc.tuple(fc.constantFrom(...objectPaths), unknownKey, fc.jsonValue({ maxDepth: 3 })),
      40,
      salt + 1,
    )) {
      const target =
        where === '' ? clone(route.valid) : setAt(route.valid, where, { ...(pathValue(route.valid, where) as Record<string, Json>) });
      const text = JSON.stringify(target);
      // Spliced into the text so that `__proto__` arrives as an own key, as a client can send it.
      const injected =
        where === ''
          ? `{${JSON.stringify(key)}:${JSON.stringify(value ?? null)},${text.slice(1)}`
          : injectInto(text, where, key, value as Json);
      jsonCase(route, `unknown key ${JSON.stringify(key)} at ${where || '(root)'}`, injected);
    }
    // Wrong types.
    for (const [[path, type], value] of sample(
      fc.constantFrom(...route.typed).chain((typed) => fc.tuple(fc.constant(typed), wrongValueFor(typed[1]))),
      50,
      salt + 2,
    )) {
      jsonCase(route, `${path} of the wrong type (${type} expected)`, JSON.stringify(setAt(route.valid, path, value)));
    }
    // Missing keys.
    for (const path of route.required) jsonCase(route, `${path} missing`, JSON.stringify(setAt(route.valid, path, undefined)));
    // Bodies that are not a JSON object of this shape at all.
    for (const text of [
      '',
      ' ',
      'null',
      'true',
      '0',
      '"text"',
      '[]',
      '[{}]',
      '{',
      '{"a":}',
      '{"a" 1}',
      "{'a':1}",
      '{"a":1}}',
      'NaN',
      '\u0000',
    ]) {
      if (text === '' && route.emptyIsValid) continue; // no body at all: a well-formed request there
      jsonCase(route, `body ${JSON.stringify(text)}`, text);
    }
    // Deep nesting, in an array and in objects.
    for (const depth of [100, 5_000, 50_000]) {
      jsonCase(route, `arrays nested ${depth} deep`, `{"nested":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      jsonCase(route, `objects nested ${depth} deep`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    }
    // __proto__ and constructor pollution attempts, as own keys.
    for (const pollution of [
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      `{"__proto__":{"role":"coordinator"},${JSON.stringify(route.valid).slice(1)}`,
    ]) {
      jsonCase(route, `pollution ${pollution.slice(0, 40)}`, pollution);
    }
    // Not UTF-8: Latin-1 and lone continuation bytes inside an otherwise broken body.
    for (const bytes of [
      Buffer.concat([Buffer.from('{"narrative":"'), Buffer.from([0xe4, 0xb8]), Buffer.from('"}')]),
      Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('"}')]),
      Buffer.from('{"title":"caf\xe9"}', 'latin1'),
    ]) {
      jsonCase(route, 'bytes that are not UTF-8', bytes);
    }
    // Media types and charsets the route does not take.
    for (const contentType of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
    ]) {
      jsonCase(route, `Content-Type ${contentType}`, JSON.stringify({ ...route.valid, unexpected: true }), {
        headers: { 'Content-Type': contentType },
      });
    }
    // Too large for the route.
    const limit = route.name === 'POST /plans' || route.name === 'PUT /plans/:planId' ? 5 * 1024 * 1024 : 256 * 1024;
    jsonCase(route, 'one byte over the limit', JSON.stringify({ pad: 'x'.repeat(limit - 9) }));
    // Hostile ids in the path, with a well-formed body.
    if (route.id !== null) {
      for (const id of hostileIds) jsonCase(route, `id ${id.slice(0, 30)}`, JSON.stringify(route.valid), { id: asPathSegment(id) });
      for (const id of sample(fc.string({ minLength: 1, maxLength: 40 }), 10, salt + 3)) {
        jsonCase(route, `id ${JSON.stringify(id).slice(0, 30)}`, JSON.stringify(route.valid), { id: encodeURIComponent(id) });
      }
    }
    // Wrong strings where an enum or a key format is expected.
    for (const text of sample(fc.string({ maxLength: 30 }), 10, salt + 4)) {
      jsonCase(
        route,
        `unknown top-level key ${JSON.stringify(text).slice(0, 20)} with a huge string`,
        JSON.stringify({ ...route.valid, [`z${text}`]: '长'.repeat(1_000) }),
      );
    }
  });

  // The import route takes multipart only: malformed uploads.
  const importCase = (name: string, body: Buffer, contentType: string, query = '') =>
    cases.push({
      name: `POST /plans/import: ${name}`,
      request: {
        method: 'POST',
        path: `/plans/import${query}`,
        headers: { Authorization: `Bearer ${tokens.coordinator}`, 'Content-Type': contentType },
        body,
      },
    });
  const uploads: [string, Buffer, string][] = [
    ['an empty file', Buffer.alloc(0), 'plan.txt'],
    ['blank text', Buffer.from('   \n\t  '), 'plan.txt'],
    ['text without numbered tasks', Buffer.from('这是一段没有任务的文字。'), 'plan.txt'],
    ['a truncated .xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), 'plan.xlsx'],
    ['a zip that is no workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]), 'plan.xlsx'],
    ['binary noise', Buffer.from(Array.from({ length: 4_096 }, (_, i) => (i * 7919) % 256)), 'plan.bin'],
    ['a PDF header', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'plan.pdf'],
    ['a traversal file name', Buffer.from('一、目标'), '../../../etc/passwd'],
  ];
  for (const [name, content, filename] of uploads) {
    const upload = multipartBody({ field: 'file', filename, content });
    importCase(name, upload.body, upload.contentType);
    importCase(`${name}, parse only`, upload.body, upload.contentType, '?save=false');
  }
  for (const field of ['document', 'files', '', 'file[]']) {
    const upload = multipartBody({ field, filename: 'plan.txt', content: Buffer.from('1.任务') });
    importCase(`the file in field ${JSON.stringify(field)}`, upload.body, upload.contentType);
  }
  importCase('JSON instead of multipart', Buffer.from('{"file":"x"}'), 'application/json');
  importCase('multipart without a boundary', Buffer.from('--x\r\n'), 'multipart/form-data');
  importCase(
    'a broken multipart body',
    Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n'),
    'multipart/form-data; boundary=b',
  );
  for (const text of sample(fc.string({ maxLength: 200 }), 40, 99_000)) {
    // Random text without a numbered task in it reads as no plan at all.
    const content = Buffer.from(text.replace(/[0-9一二三四五六七八九十]/g, ''), 'utf8');
    const upload = multipartBody({ field: 'file', filename: 'plan.txt', content });
    importCase(`random text ${JSON.stringify(text).slice(0, 20)}`, upload.body, upload.contentType);
  }
  const tooLarge = multipartBody({ field: 'file', filename: 'plan.txt', content: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20) });
  importCase('one byte over the upload limit', tooLarge.body, tooLarge.contentType);

  return cases;
}

/** Raw where HTTP allows it (so `..` and `%2e` reach the server as sent), escaped where it does not. */
function asPathSegment(id: string): string {
  return /[^\x21-\x7e]/.test(id) ? encodeURIComponent(id) : id;
}

function pathValue(body: Record<string, Json>, dotted: string): Json {
  let node: Json = body;
  for (const key of dotted.split('.')) node = (node as Record<string, Json>)[key] as Json;
  return node;
}

/** The body's text with `"key": value` added as the first member of the object at `where`. */
function injectInto(text: string, where: string, key: string, value: Json): string {
  const marker = '"__inject_here__"';
  const body = JSON.parse(text) as Record<string, Json>;
  const target = pathValue(body, where) as Record<string, Json>;
  const rebuilt = { __inject_here__: true, ...target };
  const withMarker = JSON.stringify(setAt(body, where, rebuilt));
  return withMarker.replace(`${marker}:true`, `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`);
}
