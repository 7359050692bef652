// A fake Telegram Bot API on 127.0.0.1 for the browser tests: records every call, answers as
// Telegram does, and can be told to fail the next calls of a method.
import http from 'node:http';

/** Fields and files of a multipart body (binary-safe): `{ fields, files: [{ field, name, type, bytes }] }`. */
export function parseMultipart(body, boundary) {
  const delim = Buffer.from(`--${boundary}`);
  const fields = {};
  const files = [];
  let at = body.indexOf(delim);
  while (at !== -1) {
    const start = at + delim.length;
    const end = body.indexOf(delim, start);
    if (end === -1) break;
    let part = body.subarray(start, end);
    at = end;
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.subarray(0, split).toString('utf8');
    let value = part.subarray(split + 4);
    if (value.subarray(value.length - 2).toString() === '\r\n') value = value.subarray(0, value.length - 2);
    const name = head.match(/name="([^"]*)"/)?.[1];
    if (!name) continue;
    const filename = head.match(/filename="([^"]*)"/)?.[1];
    if (filename !== undefined) {
      const type = head.match(/content-type:\s*([^\r\n]+)/i)?.[1] ?? '';
      files.push({ field: name, name: filename, type, bytes: Buffer.from(value) });
      continue;
    }
    const text = value.toString('utf8');
    try { fields[name] = JSON.parse(text); } catch { fields[name] = text; }
  }
  return { fields, files };
}

export async function startFakeTelegram() {
  const calls = [];
  const failures = new Map();
  let nextMessageId = 5000;

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const raw = body.toString('utf8');
    let params = {};
    let files = [];
    const type = req.headers['content-type'] ?? '';
    try {
      if (type.includes('application/json')) params = JSON.parse(raw || '{}');
      else if (type.includes('x-www-form-urlencoded')) params = Object.fromEntries(new URLSearchParams(raw));
      else if (type.includes('multipart/form-data')) {
        const boundary = type.split('boundary=')[1].replace(/"/g, '');
        ({ fields: params, files } = parseMultipart(body, boundary));
      }
    } catch {}
    // /bot<token>/<method>
    const m = req.url.match(/^\/bot([^/]+)\/([A-Za-z]+)/);
    const method = m ? m[2][0].toLowerCase() + m[2].slice(1) : req.url;
    const token = m ? decodeURIComponent(m[1]) : '';
    calls.push({ method, params, token, files, at: Date.now() });
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const queued = failures.get(method);
    if (queued?.length) {
      const f = queued.shift();
      return reply(f.status, { ok: false, error_code: f.status, description: f.description });
    }
    switch (method) {
      case 'getMe':
        // As Telegram answers: teloxide's `Me` needs the bot-only fields.
        return reply(200, {
          ok: true,
          result: {
            id: 7000001, is_bot: true, first_name: 'Support', username: 'support_test_bot',
            can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
            can_connect_to_business: false, has_main_web_app: false,
          },
        });
      case 'getWebhookInfo':
        return reply(200, {
          ok: true,
          result: {
            url: 'https://support.example.com/telegram/webhook', has_custom_certificate: false, pending_update_count: 0,
            last_error_date: 1_700_000_000, last_error_message: 'Wrong response from the webhook: 502 Bad Gateway',
          },
        });
      case 'sendMessage':
        nextMessageId += 1;
        return reply(200, {
          ok: true,
          result: {
            message_id: nextMessageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(params.chat_id), type: 'private', first_name: 'Customer' },
            from: { id: 7000001, is_bot: true, first_name: 'Support' },
            text: params.text ?? '',
          },
        });
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendMediaGroup': {
        // Uploaded files (by multipart): each call's message(s) carry a photo or document.
        const message = (kind, name) => {
          nextMessageId += 1;
          const m = {
            message_id: nextMessageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(params.chat_id), type: 'private', first_name: 'Customer' },
            from: { id: 7000001, is_bot: true, first_name: 'Support' },
          };
          const file = { file_id: `tg-${kind}-${nextMessageId}`, file_unique_id: `u${nextMessageId}` };
          if (kind === 'photo') m.photo = [{ ...file, width: 90, height: 90 }];
          else m.document = { ...file, file_name: name };
          return m;
        };
        if (method === 'sendMediaGroup') {
          const media = Array.isArray(params.media) ? params.media : [];
          return reply(200, { ok: true, result: media.map((x) => message(x.type, files.find((f) => `attach://${f.field}` === x.media)?.name)) });
        }
        const kind = method === 'sendPhoto' ? 'photo' : 'document';
        return reply(200, { ok: true, result: message(kind, files[0]?.name) });
      }
      case 'getUpdates':
        return reply(200, { ok: true, result: [] });
      default:
        return reply(200, { ok: true, result: true });
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** The next call of `method` answers `status` with `description`. */
    failNext(method, status, description) {
      if (!failures.has(method)) failures.set(method, []);
      failures.get(method).push({ status, description });
    },
    /** Resolves with the first call matching `pred`, waiting up to `ms`. */
    async waitFor(pred, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = calls.find(pred);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching Bot API call in ${ms} ms; got ${JSON.stringify(calls.map((c) => c.method))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise((ok) => server.close(ok)),
  };
}
