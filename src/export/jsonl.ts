import { sampleToJson } from '../dataset/json.js';
import { jsonLinesFormat } from './json-lines.js';

/** One sample per line, the sample as is (`bugmine dump --jsonl` rendering: bin as {"$bin": base64}). */
export const jsonlFormat = jsonLinesFormat('jsonl', (raw) => ({ line: sampleToJson(raw) }));
