import { real } from '../tests/helpers';
import { Understanding } from '../src/nlu/reading';
const { kb, recognizer } = real();
const u = new Understanding(kb, recognizer);
for (const t of process.argv.slice(2)) { const r = u.read(t); const { recognition, ...rest } = r; console.log(t, JSON.stringify(rest), recognition.intent, recognition.reason, JSON.stringify(recognition.entities.matches.map(m=>[m.kind,m.id,m.start]))); }
