// A local stand-in of Have I Been Pwned's range API
// (https://haveibeenpwned.com/API/v3#SearchingPwnedPasswordsByRange), for
// the leaked-password check (`--breach-check`): GET /range/ABCDE answers
// every leaked hash starting so, a `SUFFIX:COUNT` line each, CRLF
// between, with padding lines of count 0 as `Add-Padding` gives, and CORS
// open as the real one has it. GET /asked lists the paths asked for (what
// left the page); DELETE /asked forgets them.
//
//   node tests/e2e/breach-standin.mjs PORT
import { createHash } from 'node:crypto';
import http from 'node:http';

/** The leaked passwords this stand-in knows (the tests type them). */
export const LEAKED = ['correct horse battery staple', 'P@ssw0rd!2024', 'Summer2024!'];

const sha1 = (s) => createHash('sha1').update(s, 'utf8').digest('hex').toUpperCase();
const leaked = new Map(LEAKED.map((p) => [sha1(p), 1000 + p.length]));
const asked = [];

const server = http.createServer((req, res) => {
  const cors = { 'Access-Control-Allow-Origin': '*' };
  if (req.url === '/asked') {
    if (req.method === 'DELETE') asked.length = 0;
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(asked));
  }
  const range = /^\/range\/([0-9A-Fa-f]{5})$/.exec(req.url ?? '');
  asked.push(req.url);
  if (req.method !== 'GET' || !range) {
    res.writeHead(400, cors);
    return res.end('The hash prefix was not in a valid format');
  }
  const prefix = range[1].toUpperCase();
  const lines = [...leaked].filter(([h]) => h.startsWith(prefix)).map(([h, n]) => `${h.slice(5)}:${n}`);
  // Padding: suffixes that match nothing, count 0.
  for (let i = 0; i < 3; i++) lines.push(`${sha1(`padding ${prefix} ${i}`).slice(5)}:0`);
  res.writeHead(200, { ...cors, 'Content-Type': 'text/plain' });
  res.end(lines.join('\r\n'));
});

const port = Number(process.argv[2]);
if (!port) {
  console.error('usage: node tests/e2e/breach-standin.mjs PORT');
  process.exit(2);
}
server.listen(port, '127.0.0.1', () => console.log(`range API stand-in at http://127.0.0.1:${port}/range/`));
