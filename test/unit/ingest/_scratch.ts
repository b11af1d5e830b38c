import { SqlDumpParser } from '../../../core/ingest/sql-dump-parser.js';
import { Recorder, feedText } from './recorder.js';
function run(text: string, size = Infinity) {
  const r = new Recorder();
  const p = new SqlDumpParser(r, 'f.sql');
  try { feedText(p, text, size); } catch (e) { r.log.push('ERR ' + (e as any).code + ' ' + (e as Error).message); }
  return r;
}
const T = (a: string) => `('${a}', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK')`;
console.log(run(`INSERT INTO retail VALUES ((1), 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK'), ${T('b')};\nSET x = 1;\n`).log);
console.log(run(`INSERT INTO retail VALUES ('a', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK'::text || 'x'), ${T('b')};\n`).log);
console.log(run(`INSERT INTO retail VALUES ('a', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, ), ${T('b')};\nSET y = 2;\n`).log);
console.log(run(`INSERT INTO retail VALUES ('a', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');`).log);
console.log(run(`SET a = 1`).log);
console.log(run(`COPY retail (${'invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country'}) FROM stdin WITH (FORMAT text);\n1\t2\t3\t4\t5\t6\t7\t8\n\\.\n`).log);
console.log(run(`INSERT INTO retail VALUES ('a', 'S', NULL, 1, '2010-01-01 00:00:00', 1.5e, NULL, 'UK');\n`).log);
console.log(run(`INSERT INTO retail VALUES ($$a$$, $q$S$q$, NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`).log);
console.log(run(`INSERT INTO retail VALUES ('a', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK')`).log);
console.log(run(`SELECT 1;\nINSERT INTO retail VALUES ('a', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK'\n`).log);
console.log(run(`SELECT 'abc`).log);
console.log(run(`/* abc`).log);
console.log(run(`COPY retail (a) FROM stdin;\n1\n`).log);
